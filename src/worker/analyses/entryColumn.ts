/**
 * A number worked out per index entry (its kind, its colour family), kept per index as a column:
 * asked again as a scan grows the index, only the new entries are worked out. For analyses the
 * page asks for again and again (the timeline's filter, the file map).
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';

export function entryColumn(compute: (index: RecordIndex, entry: number) => number): (index: RecordIndex) => Float64Array {
  const columns = new WeakMap<RecordIndex, { values: Float64Array; n: number }>();
  return (index) => {
    const count = index.count;
    let c = columns.get(index);
    if (!c || c.values.length < count) {
      const values = new Float64Array(Math.max(count, (c?.values.length ?? 0) * 2, 256));
      if (c) values.set(c.values.subarray(0, c.n));
      c = { values, n: c?.n ?? 0 };
      columns.set(index, c);
    }
    // The last entry may still have been growing when it was read: work it out again.
    for (let i = Math.max(0, c.n - 1); i < count; i++) c.values[i] = compute(index, i);
    c.n = count;
    return c.values;
  };
}
