/**
 * The PFN entries of one page record, read again from its PFN array (never its pages) through
 * the same tallies the scan uses: what pageCopies and a checkpoint's memory model replay.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { LegacyEntry } from '../legacy/constants.ts';
import { LegacyPfnTally } from '../legacy/pageBatch.ts';
import { Rec } from '../libxc/constants.ts';
import { PfnTally } from '../libxc/pageData.ts';
import { Layer } from '../model/Layer.ts';
import type { IndexEntry } from '../model/RecordIndex.ts';
import { RECORD_HEADER_SIZE } from '../core/sizes.ts';
import type { StreamFacts } from '../scan/facts.ts';
import type { PageSink } from './GuestMemory.ts';

/** Whether an index entry is a page record this module reads (v2 PAGE_DATA or a legacy page batch). */
export function isPageEntry(layer: number, type: number): boolean {
  return (layer === Layer.Libxc && type === Rec.PAGE_DATA) || (layer === Layer.Legacy && type === LegacyEntry.PageBatch);
}

/** PFN entries read at a time, so that a huge (or lying) count never sizes one read. */
const ENTRIES_PER_READ = 8192;

/** Feeds every PFN entry of page record `e` to `add`, in order, with its page's file offset. */
export async function readPageEntries(source: ByteSource, e: IndexEntry, facts: StreamFacts, add: PageSink): Promise<void> {
  const [count, pages] = e.aux;
  if (count === 0) return;
  const isLibxc = e.layer === Layer.Libxc;
  const w = facts.legacy?.width ?? 8;
  const width = isLibxc ? 8 : w;
  const arrayAt = isLibxc ? e.offset + RECORD_HEADER_SIZE + 8 : e.offset + 4;
  const pagesAt = arrayAt + width * count;
  // A legacy format B batch holds only PFNs: its pages come compressed later.
  const compressed = !isLibxc && pages > 0 && e.length === 4 + w * count;
  const tally = isLibxc ? new PfnTally(null, { add, at: pagesAt }) : new LegacyPfnTally(e.offset, w, -1, count, { add, at: compressed ? null : pagesAt });
  const opts = { littleEndian: true, tree: false, diags: null, record: -1 };
  for (let k = 0; k < count; k += ENTRIES_PER_READ) {
    const n = Math.min(ENTRIES_PER_READ, count - k);
    const at = arrayAt + width * k;
    const bytes = await source.read(at, width * n);
    if (bytes.length < width * n) break;
    tally.add(new Dissection(bytes, at, opts), 0, k, n);
  }
}
