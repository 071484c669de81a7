import type { IndexReader } from '../../decoder/model/RecordIndex.ts';

/** How many index entries begin before `offset` (entries lie in file order). */
export function entriesBefore(index: IndexReader, offset: number): number {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.offset(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offsets in [start, end) where an index entry begins: the record boundaries to draw. */
export function recordStartsIn(index: IndexReader, start: number, end: number): Set<number> {
  const out = new Set<number>();
  for (let i = entriesBefore(index, start); i < index.count && index.offset(i) < end; i++) out.add(index.offset(i));
  return out;
}
