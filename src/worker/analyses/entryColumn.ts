/**
 * A small number (0-255) worked out per index entry (its colour family), kept per index as a
 * byte column: asked again as a scan grows the index, only the new entries are worked out. For
 * analyses the page asks for again and again (the file map). A byte a record: the index's
 * memory budget has no room for wider columns.
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';

export function entryColumn(compute: (index: RecordIndex, entry: number) => number): (index: RecordIndex) => Uint8Array {
  const columns = new WeakMap<RecordIndex, { values: Uint8Array; n: number }>();
  return (index) => {
    const count = index.count;
    let c = columns.get(index);
    if (!c || c.values.length < count) {
      const values = new Uint8Array(Math.max(count, Math.ceil((c?.values.length ?? 0) * 1.5), 256));
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
