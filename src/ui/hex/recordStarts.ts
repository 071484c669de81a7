import type { IndexReader } from '../../decoder/model/RecordIndex.ts';

/** Offsets in [start, end) where an index entry begins: the record boundaries to draw. */
export function recordStartsIn(index: IndexReader, start: number, end: number): Set<number> {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.offset(mid) < start) lo = mid + 1;
    else hi = mid;
  }
  const out = new Set<number>();
  for (let i = lo; i < index.count && index.offset(i) < end; i++) out.add(index.offset(i));
  return out;
}
