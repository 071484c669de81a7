/**
 * PAGE_DATA records holding each PFN's last copy from a guest memory model: a Remus stream
 * resends dirty pages in every checkpoint and the receiver keeps the last copy, so a conversion
 * to one plain stream writes only those.
 */
import { PAGE_SIZE } from '../decoder/core/sizes.ts';
import { LEGACY_MAX_BATCH } from '../decoder/legacy/constants.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import type { GuestMemory } from '../decoder/memory/GuestMemory.ts';
import { pageDataHead } from '../generator/bodies.ts';
import type { SourceSlice, V2Output } from './v2Output.ts';

/** Every PFN the memory model holds, in PFN order, up to 1024 entries a record. */
export function writeLastCopies(memory: GuestMemory, out: V2Output): void {
  let entries: { pfn: number; type: number }[] = [];
  let pages: SourceSlice[] = [];
  const flush = () => {
    if (entries.length) out.record(Rec.PAGE_DATA, pageDataHead(entries), ...pages);
    entries = [];
    pages = [];
  };
  for (const c of memory.usedChunks()) {
    for (let i = 0; i < c.sent.length; i++) {
      if (c.sent[i] === 0) continue;
      entries.push({ pfn: c.base + i, type: c.types[i]! });
      if (c.offsets[i]! >= 0) pages.push({ offset: c.offsets[i]!, length: PAGE_SIZE });
      if (entries.length === LEGACY_MAX_BATCH) flush();
    }
  }
  flush();
}
