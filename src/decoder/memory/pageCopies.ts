/**
 * Every copy of one PFN in a stream, oldest first. The model keeps only the last copy; the
 * others are found again by re-reading the PFN arrays of just the page records whose
 * [min, max] PFN range contains the PFN (the index keeps that range).
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import type { StreamFacts } from '../scan/facts.ts';
import { isPageEntry, readPageEntries } from './pageEntries.ts';

export interface PageCopy {
  /** Index entry of the page record. */
  record: number;
  /** File offset of the page data; NO_COPY when this entry carried none, null when compressed. */
  offset: number | null;
  type: number;
}

/** Every entry naming `pfn`, in stream order (the last one is what a restore ends up with). */
export async function pageCopies(source: ByteSource, index: RecordIndex, facts: StreamFacts, pfn: number): Promise<PageCopy[]> {
  const copies: PageCopy[] = [];
  for (let r = 0; r < index.count; r++) {
    if (!isPageEntry(index.layer(r), index.type(r))) continue;
    const e = index.get(r);
    const [count, , min, max] = e.aux;
    if (count === 0 || pfn < min || pfn > max) continue;
    await readPageEntries(source, e, facts, (p, type, offset) => {
      if (p === pfn) copies.push({ record: r, offset, type });
    });
  }
  return copies;
}
