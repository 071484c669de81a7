/**
 * PAGE_DATA records holding each PFN's last copy from a guest image: a Remus stream resends
 * dirty pages in every checkpoint and the receiver keeps the last copy, so a conversion to one
 * plain stream writes only those.
 */
import { LEGACY_MAX_BATCH } from '../decoder/legacy/constants.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import { NO_COPY } from '../decoder/core/pageSink.ts';
import { pageDataHead } from '../generator/bodies.ts';
import type { GuestImage } from './GuestImage.ts';
import type { BodyPart, V2Output } from './v2Output.ts';

/** Every PFN the image holds, in PFN order, up to 1024 entries a record. */
export function writeLastCopies(image: GuestImage, out: V2Output): void {
  let entries: { pfn: number; type: number }[] = [];
  let pages: BodyPart[] = [];
  const flush = () => {
    if (entries.length) out.record(Rec.PAGE_DATA, pageDataHead(entries), ...pages);
    entries = [];
    pages = [];
  };
  for (const c of image.memory.usedChunks()) {
    for (let i = 0; i < c.sent.length; i++) {
      if (c.sent[i] === 0) continue;
      const pfn = c.base + i;
      entries.push({ pfn, type: c.types[i]! });
      // An entry without data has no copy (its earlier copies are void); one with data always has one.
      if (c.offsets[i] !== NO_COPY) pages.push(...image.partsOf(pfn)!);
      if (entries.length === LEGACY_MAX_BATCH) flush();
    }
  }
  flush();
}
