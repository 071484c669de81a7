/**
 * Some index entries of a session described for a list (name, place, summary): how the page shows
 * records of a file whose index it does not hold, such as the compared file's side of the
 * Compare tab's records.
 */
import { LAYER_NAMES } from '../../decoder/model/Layer.ts';
import { entryName, entrySummary } from '../../decoder/names.ts';
import type { Analysis } from './Analysis.ts';

export interface EntryLine {
  entry: number;
  layer: string;
  name: string;
  offset: number;
  length: number;
  summary: string;
}

export const entries: Analysis<{ entries: readonly number[] }, (EntryLine | null)[]> = {
  sessions: 1,
  run([s], { entries: wanted }) {
    const index = s!.index;
    return wanted.map((i) => {
      if (!(i >= 0 && i < index.count)) return null;
      const e = index.get(i);
      return { entry: i, layer: LAYER_NAMES[e.layer], name: entryName(e.layer, e.type, e.flags), offset: e.offset, length: e.length, summary: entrySummary(e) };
    });
  },
};
