/**
 * The timeline's rows, worked out where the index lives: which entries pass the type and
 * "with problems" filter, and how many entries there are of each kind (for the type menu). The
 * page asks again as the scan grows, so it never keeps columns of its own per progress message.
 */
import { kindKey } from '../../decoder/model/kindKey.ts';
import type { Analysis } from './Analysis.ts';
import { entryColumn } from './entryColumn.ts';

export interface RecordFilter {
  /** kindKey of the one kind to show, or null for all. */
  kind: number | null;
  problemsOnly: boolean;
}

export interface TimelineRows {
  /** Entry numbers shown, ascending; null: all of the first `count`. */
  rows: Uint32Array | null;
  /** Index entries looked at. */
  count: number;
  /** Entries per kind, by kindKey. */
  kinds: { key: number; count: number }[];
}

/** Each entry's kindKey. */
const kindColumn = entryColumn((index, i) => kindKey(index.layer(i), index.flags(i), index.type(i)));

export const timelineRows: Analysis<RecordFilter, TimelineRows> = {
  sessions: 1,
  run([s], filter) {
    const { index, diagnostics } = s!;
    const count = index.count;
    const column = kindColumn(index);
    const withProblems = new Set<number>();
    for (const d of diagnostics) if (d.record >= 0) withProblems.add(d.record);
    const kinds = new Map<number, number>();
    const filtering = filter.kind !== null || filter.problemsOnly;
    const rows = new Uint32Array(filtering ? count : 0);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const key = column[i]!;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      if (!filtering || (filter.kind !== null && key !== filter.kind) || (filter.problemsOnly && !withProblems.has(i))) continue;
      rows[n++] = i;
    }
    return { rows: filtering ? rows.slice(0, n) : null, count, kinds: [...kinds].map(([key, c]) => ({ key, count: c })) };
  },
  transfer: (reply) => (reply.rows ? [reply.rows.buffer] : []),
};
