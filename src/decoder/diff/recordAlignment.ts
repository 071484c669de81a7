/**
 * The records of two streams side by side: matched by layer, type and order (the k-th
 * HVM_PARAMS of A with the k-th of B), page records by the PFNs they carry (the PFN count and
 * range the index keeps for each) rather than by position, so a stream batched differently or
 * with one page record more does not shift every match after it. Matched records are compared
 * byte for byte; page records only for their presence, their contents being the memory diff's.
 *
 * As of a checkpoint, a stream's records are what a receiver holds then: for each record of
 * each checkpoint up to it, the latest one sent (static data and headers come once, in the
 * first checkpoint; TSC info and vCPU state again in each), and the page records of that
 * checkpoint only.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { LAYER_NAMES } from '../model/Layer.ts';
import { EntryFlag } from '../model/RecordIndex.ts';
import { entryName, isPageRecord } from '../names.ts';
import { WINDOW_BYTES } from './pageWindows.ts';
import type { DiffSide } from './checkpoint.ts';

export interface RecordRef {
  /** Index entry of the record in its stream. */
  index: number;
  offset: number;
  length: number;
}

export interface RecordChange {
  /** "libxc HVM_PARAMS". */
  name: string;
  a: RecordRef | null;
  b: RecordRef | null;
}

export interface RecordAlignment {
  /** Matched records with the same bytes (page records: matched by their PFNs). */
  same: number;
  changed: RecordChange[];
  /** In A only (removed in B), and in B only (inserted). */
  onlyA: RecordChange[];
  onlyB: RecordChange[];
  /** Page records in A only and in B only: a different batching, not a different guest. */
  pageRecords: { matched: number; onlyA: number; onlyB: number };
  /** Every record of both, side by side. */
  rows: AlignedRows;
}

/** What a row of the side-by-side records says; `Pages`: page records matched by their PFNs (their contents are the memory diff's). */
export const RowStatus = { Same: 0, Changed: 1, OnlyA: 2, OnlyB: 3, Pages: 4 } as const;
export type RowStatus = (typeof RowStatus)[keyof typeof RowStatus];

/**
 * The records of both streams as rows, in A's order with B's unmatched records where they fall
 * in B's order: per row, A's and B's entry numbers (-1: none on that side) and a RowStatus.
 * Columns, not objects: a stream may hold millions of records.
 */
export interface AlignedRows {
  a: Int32Array;
  b: Int32Array;
  status: Uint8Array;
}

/** Rows as they are found, kept in growing columns. */
class RowBuilder {
  private a = new Int32Array(256);
  private b = new Int32Array(256);
  private status = new Uint8Array(256);
  private n = 0;

  add(a: number, b: number, status: RowStatus): void {
    if (this.n === this.a.length) {
      const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T) => {
        const next = make(old.length * 2);
        next.set(old);
        return next;
      };
      this.a = grow(this.a, (n) => new Int32Array(n));
      this.b = grow(this.b, (n) => new Int32Array(n));
      this.status = grow(this.status, (n) => new Uint8Array(n));
    }
    this.a[this.n] = a;
    this.b[this.n] = b;
    this.status[this.n++] = status;
  }

  done(): AlignedRows {
    return { a: this.a.slice(0, this.n), b: this.b.slice(0, this.n), status: this.status.slice(0, this.n) };
  }
}

interface Keyed {
  key: string;
  page: boolean;
  ref: RecordRef;
  name: string;
}

/** The side's records, each with its matching key: its kind and its rank among records of that kind (in its checkpoint, as of one). */
function keyed(side: DiffSide, group: number | null): Keyed[] {
  const index = side.scan.index;
  const seen = new Map<string, number>();
  const out = new Map<string, Keyed>();
  for (let i = 0; i < index.count; i++) {
    const g = index.group(i);
    if (group !== null && g > group) continue;
    const layer = index.layer(i);
    const type = index.type(i);
    const flags = index.flags(i);
    const page = isPageRecord(layer, type, flags);
    if (page && group !== null && g !== group) continue;
    const what = `${layer}:${type}:${flags & EntryFlag.Header}`;
    const kind = page ? `${what}:${index.aux(i, 0)}:${index.aux(i, 2)}:${index.aux(i, 3)}` : what;
    const counted = group === null ? kind : `${g}:${kind}`;
    const rank = seen.get(counted) ?? 0;
    seen.set(counted, rank + 1);
    const key = `${kind}#${rank}`;
    // A later checkpoint's record replaces the earlier one of the same key (as of a checkpoint).
    out.delete(key);
    out.set(key, { key, page, ref: { index: i, offset: index.offset(i), length: index.length(i) }, name: `${LAYER_NAMES[layer]} ${entryName(layer, type, flags)}` });
  }
  return [...out.values()].sort((x, y) => x.ref.index - y.ref.index);
}

/** Whether two byte ranges hold the same bytes, read a window at a time. */
async function sameBytes(a: ByteSource, ra: RecordRef, b: ByteSource, rb: RecordRef): Promise<boolean> {
  if (ra.length !== rb.length) return false;
  for (let at = 0; at < ra.length; at += WINDOW_BYTES) {
    const n = Math.min(WINDOW_BYTES, ra.length - at);
    const [x, y] = [await a.read(ra.offset + at, n), await b.read(rb.offset + at, n)];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

export async function alignRecords(a: DiffSide, groupA: number | null, b: DiffSide, groupB: number | null, signal?: AbortSignal): Promise<RecordAlignment> {
  const pageRecords = { matched: 0, onlyA: 0, onlyB: 0 };
  const out: Omit<RecordAlignment, 'rows'> = { same: 0, changed: [], onlyA: [], onlyB: [], pageRecords };
  const rows = new RowBuilder();
  const [recordsA, recordsB] = [keyed(a, groupA), keyed(b, groupB)];
  const inA = new Set(recordsA.map((k) => k.key));
  const inB = new Map(recordsB.map((k, at) => [k.key, at]));
  // B's records no A record matches are shown where they fall in B's order: before the first
  // matched record that comes after them in B.
  let nextB = 0;
  const onlyBUpTo = (end: number) => {
    for (; nextB < end; nextB++) {
      const kb = recordsB[nextB]!;
      if (inA.has(kb.key)) continue;
      rows.add(-1, kb.ref.index, RowStatus.OnlyB);
      if (kb.page) pageRecords.onlyB++;
      else out.onlyB.push({ name: kb.name, a: null, b: kb.ref });
    }
  };
  for (const ka of recordsA) {
    if (signal?.aborted) break;
    const at = inB.get(ka.key);
    const kb = at === undefined ? undefined : recordsB[at]!;
    if (at !== undefined) onlyBUpTo(at);
    let status: RowStatus;
    if (!kb) {
      status = RowStatus.OnlyA;
      if (ka.page) pageRecords.onlyA++;
      else out.onlyA.push({ name: ka.name, a: ka.ref, b: null });
    } else if (ka.page) {
      status = RowStatus.Pages;
      pageRecords.matched++;
    } else if (await sameBytes(a.source, ka.ref, b.source, kb.ref)) {
      status = RowStatus.Same;
      out.same++;
    } else {
      status = RowStatus.Changed;
      out.changed.push({ name: ka.name, a: ka.ref, b: kb.ref });
    }
    rows.add(ka.ref.index, kb ? kb.ref.index : -1, status);
  }
  onlyBUpTo(recordsB.length);
  return { ...out, rows: rows.done() };
}
