/**
 * The timeline's rows, worked out where the index lives: which entries pass the type and
 * "with problems" filter, and how many entries there are of each kind (for the type menu). The
 * page asks again as the scan grows, so it never keeps columns of its own per progress message;
 * what was worked out for an index is kept with it, so that each request looks only at the
 * entries added since the last (a walk of the whole index at every progress message took as
 * long as the scan itself on millions of records).
 */
import { kindKey } from '../../decoder/model/kindKey.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import { KindRuns } from '../../decoder/overview/KindRuns.ts';
import type { Analysis } from './Analysis.ts';

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

/** What was worked out for one index: entries [0, n) counted by kind, rows of [0, rowsUpTo) under `filter`. */
interface Worked {
  n: number;
  kinds: Map<number, number>;
  filter: string;
  /** How many diagnostics the rows were filtered with. */
  diagnostics: number;
  rows: Uint32Array;
  nRows: number;
  rowsUpTo: number;
}

const worked = new WeakMap<RecordIndex, Worked>();

/** An entry's kind as the type filter names it. */
const keyOf = (index: RecordIndex, i: number) => kindKey(index.layer(i), index.flags(i), index.type(i));

/** An entry's kind is known from when it is added (layer, type, header or not): counted once. */
function countKinds(index: RecordIndex, w: Worked): void {
  // Dense streams are long runs of one kind: counted a run at a time, not an entry.
  for (const runs = new KindRuns(index, w.n); runs.next(); ) w.kinds.set(runs.key, (w.kinds.get(runs.key) ?? 0) + runs.end - runs.start);
  w.n = index.count;
}

export const timelineRows: Analysis<RecordFilter, TimelineRows> = {
  sessions: 1,
  run([s], filter) {
    const { index, diagnostics } = s!;
    let w = worked.get(index);
    if (!w) worked.set(index, (w = { n: 0, kinds: new Map(), filter: '', diagnostics: 0, rows: new Uint32Array(0), nRows: 0, rowsUpTo: 0 }));
    countKinds(index, w);
    const count = w.n;
    const kinds = [...w.kinds].map(([key, c]) => ({ key, count: c }));
    if (filter.kind === null && !filter.problemsOnly) {
      // Rows are kept only while a filter is on (4 bytes a record).
      Object.assign(w, { filter: '', rows: new Uint32Array(0), nRows: 0, rowsUpTo: 0 });
      return { rows: null, count, kinds };
    }

    // Diagnostics may name any earlier record (a rule checked at the end): new ones mean a fresh walk.
    const filterKey = `${filter.kind}/${filter.problemsOnly}`;
    if (w.filter !== filterKey || (filter.problemsOnly && w.diagnostics !== diagnostics.length)) {
      Object.assign(w, { filter: filterKey, diagnostics: diagnostics.length, nRows: 0, rowsUpTo: 0 });
    }
    const withProblems = new Set<number>();
    if (filter.problemsOnly) for (const d of diagnostics) if (d.record >= 0) withProblems.add(d.record);
    if (w.rows.length < count) {
      const rows = new Uint32Array(Math.max(count, Math.ceil(w.rows.length * 1.5)));
      rows.set(w.rows.subarray(0, w.nRows));
      w.rows = rows;
    }
    for (let i = w.rowsUpTo; i < count; i++) {
      if ((filter.kind !== null && keyOf(index, i) !== filter.kind) || (filter.problemsOnly && !withProblems.has(i))) continue;
      w.rows[w.nRows++] = i;
    }
    w.rowsUpTo = count;
    return { rows: w.rows.slice(0, w.nRows), count, kinds };
  },
  transfer: (reply) => (reply.rows ? [reply.rows.buffer] : []),
};
