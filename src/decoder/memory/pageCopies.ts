/**
 * Every copy of one PFN in a stream, oldest first. The model keeps only the last copy; the
 * others are found again by re-reading the PFN arrays of just the page records whose
 * [min, max] PFN range contains the PFN (the index keeps that range), through the same
 * tallies the scan uses.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { LegacyEntry } from '../legacy/constants.ts';
import { LegacyPfnTally } from '../legacy/pageBatch.ts';
import { Rec } from '../libxc/constants.ts';
import { PfnTally } from '../libxc/pageData.ts';
import { Layer } from '../model/Layer.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import { RECORD_HEADER_SIZE } from '../core/sizes.ts';
import type { StreamFacts } from '../core/facts.ts';
import type { PageSink } from '../core/pageSink.ts';
import { eachEntry } from '../core/pageRuns.ts';

export interface PageCopy {
  /** Index entry of the page record. */
  record: number;
  /** File offset of the page data; NO_COPY when this entry carried none, null when compressed. */
  offset: number | null;
  type: number;
}

/** Whether entry r is a page record (libxc PAGE_DATA or a legacy page batch). */
function pageRecordKind(index: RecordIndex, r: number): 'libxc' | 'legacy' | null {
  const layer = index.layer(r);
  const type = index.type(r);
  if (layer === Layer.Libxc && type === Rec.PAGE_DATA) return 'libxc';
  if (layer === Layer.Legacy && type === LegacyEntry.PageBatch) return 'legacy';
  return null;
}

/** PFN entries read at a time, so that a huge (or lying) count never sizes one read. */
const ENTRIES_PER_READ = 8192;

/**
 * Tells `add` every PFN entry of page record r, in order, with the file offset of the page it
 * carries (as the scan's PageSink does). Nothing for an entry that is not a page record.
 */
export async function readPageEntries(source: ByteSource, index: RecordIndex, facts: StreamFacts, r: number, add: PageSink): Promise<void> {
  const kind = pageRecordKind(index, r);
  if (!kind) return;
  const e = index.get(r);
  const [count, pages] = e.aux;
  const isLibxc = kind === 'libxc';
  const w = facts.legacy?.width ?? 8;
  const opts = { littleEndian: true, tree: false, diags: null, record: -1 };
  const width = isLibxc ? 8 : w;
  const arrayAt = isLibxc ? e.offset + RECORD_HEADER_SIZE + 8 : e.offset + 4;
  const pagesAt = arrayAt + width * count;
  // A legacy format B batch holds only PFNs: its pages come compressed later.
  const compressed = !isLibxc && pages > 0 && e.length === 4 + w * count;
  const runs = eachEntry(add);
  // libxc's tally reads the entries' bytes; legacy's reads them through a Dissection.
  let addEntries: (bytes: Uint8Array, at: number, k: number, n: number) => void;
  if (isLibxc) {
    const tally = new PfnTally(runs).start(null, pagesAt);
    addEntries = (bytes, at, k, n) => tally.add(bytes, at, 0, k, n);
  } else {
    const tally = new LegacyPfnTally(e.offset, w, -1, count, { model: runs, at: compressed ? null : pagesAt });
    addEntries = (bytes, at, k, n) => tally.add(new Dissection(bytes, at, opts), 0, k, n);
  }
  for (let k = 0; k < count; k += ENTRIES_PER_READ) {
    const n = Math.min(ENTRIES_PER_READ, count - k);
    const at = arrayAt + width * k;
    const bytes = await source.read(at, width * n);
    if (bytes.length < width * n) break;
    addEntries(bytes, at, k, n);
  }
}

/** Every entry naming `pfn`, in stream order (the last one is what a restore ends up with). */
export async function pageCopies(source: ByteSource, index: RecordIndex, facts: StreamFacts, pfn: number): Promise<PageCopy[]> {
  const copies: PageCopy[] = [];
  for (let r = 0; r < index.count; r++) {
    if (!pageRecordKind(index, r)) continue;
    // The index keeps each page record's entry count and [min, max] PFN.
    const count = index.aux(r, 0);
    if (count === 0 || pfn < index.aux(r, 2) || pfn > index.aux(r, 3)) continue;
    await readPageEntries(source, index, facts, r, (p, type, offset) => {
      if (p === pfn) copies.push({ record: r, offset, type });
    });
  }
  return copies;
}
