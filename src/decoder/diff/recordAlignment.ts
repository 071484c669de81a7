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
  const out: RecordAlignment = { same: 0, changed: [], onlyA: [], onlyB: [], pageRecords: { matched: 0, onlyA: 0, onlyB: 0 } };
  const inB = new Map(keyed(b, groupB).map((k) => [k.key, k]));
  for (const ka of keyed(a, groupA)) {
    if (signal?.aborted) break;
    const kb = inB.get(ka.key);
    inB.delete(ka.key);
    if (ka.page) {
      if (kb) out.pageRecords.matched++;
      else out.pageRecords.onlyA++;
    } else if (!kb) out.onlyA.push({ name: ka.name, a: ka.ref, b: null });
    else if (await sameBytes(a.source, ka.ref, b.source, kb.ref)) out.same++;
    else out.changed.push({ name: ka.name, a: ka.ref, b: kb.ref });
  }
  for (const kb of inB.values()) {
    if (kb.page) out.pageRecords.onlyB++;
    else out.onlyB.push({ name: kb.name, a: null, b: kb.ref });
  }
  return out;
}
