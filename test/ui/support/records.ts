import type { IndexReader } from '../../../src/decoder/model/RecordIndex.ts';
import { entryName } from '../../../src/decoder/names.ts';

/** Entry number of the first index entry named `name` (as the timeline shows it). */
export function findRecord(index: IndexReader, name: string, nth = 0): number {
  for (let i = 0, seen = 0; i < index.count; i++) {
    const e = index.get(i);
    if (entryName(e.layer, e.type, e.flags) === name && seen++ === nth) return i;
  }
  throw new Error(`no ${name} #${nth}`);
}
