/**
 * The ways the fuzzer breaks a stream: bit flips, byte runs, length and count fields set to
 * boundary values, records cut short, duplicated or swapped, the file truncated, and two files
 * spliced. Record-aware mutations aim at the entries a scan of the intact input found.
 */
import type { Random } from './random.ts';

/** An intact input with where its entries (records and headers) lie. */
export interface FuzzBase {
  name: string;
  bytes: Uint8Array;
  entries: { offset: number; length: number }[];
}

/** Values that break length and count fields: 0, 1, 2^31−1, 2^32−1 as u32, and 2^63 as u64. */
const BOUNDARY_U32 = [0, 1, 7, 8, 0x1000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];

function entryOf(rng: Random, base: FuzzBase): { offset: number; length: number } | null {
  return base.entries.length ? rng.pick(base.entries) : null;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type MutationName = 'bitFlip' | 'byteRun' | 'boundaryField' | 'cutRecord' | 'duplicateRecord' | 'swapRecords' | 'truncate' | 'splice';

type Mutation = (rng: Random, b: Uint8Array, base: FuzzBase, other: FuzzBase) => Uint8Array;

export const MUTATIONS: Record<MutationName, Mutation> = {
  bitFlip(rng, b) {
    if (b.length) b[rng.below(b.length)]! ^= 1 << rng.below(8);
    return b;
  },
  byteRun(rng, b) {
    const at = rng.below(b.length);
    const value = rng.pick([0, 0xff, rng.below(256)]);
    b.fill(value, at, Math.min(b.length, at + 1 + rng.below(64)));
    return b;
  },
  boundaryField(rng, b, base) {
    // A u32 (or u64) among the first 32 bytes of an entry: its type, length, count or id.
    const e = entryOf(rng, base);
    const at = (e?.offset ?? 0) + 4 * rng.below(8);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (rng.below(5) === 0) {
      if (at + 8 <= b.length) dv.setBigUint64(at, 1n << 63n, true);
    } else if (at + 4 <= b.length) dv.setUint32(at, rng.pick(BOUNDARY_U32), true);
    return b;
  },
  cutRecord(rng, b, base) {
    // The record loses the end of its body; what follows moves up.
    const e = entryOf(rng, base);
    if (!e || e.offset + e.length > b.length) return b;
    const keep = rng.below(e.length);
    return concat(b.subarray(0, e.offset + keep), b.subarray(e.offset + e.length));
  },
  duplicateRecord(rng, b, base) {
    const e = entryOf(rng, base);
    if (!e || e.offset + e.length > b.length) return b;
    const end = e.offset + e.length;
    return concat(b.subarray(0, end), b.subarray(e.offset, end), b.subarray(end));
  },
  swapRecords(rng, b, base) {
    const x = entryOf(rng, base);
    const y = entryOf(rng, base);
    if (!x || !y) return b;
    const [first, second] = x.offset <= y.offset ? [x, y] : [y, x];
    // Only entries that do not overlap (not a record and the header holding it).
    if (first.offset + first.length > second.offset || second.offset + second.length > b.length) return b;
    const firstEnd = first.offset + first.length;
    const secondEnd = second.offset + second.length;
    return concat(b.subarray(0, first.offset), b.subarray(second.offset, secondEnd), b.subarray(firstEnd, second.offset), b.subarray(first.offset, firstEnd), b.subarray(secondEnd));
  },
  truncate(rng, b) {
    return b.subarray(0, rng.below(b.length + 1));
  },
  splice(rng, b, _base, other) {
    return concat(b.subarray(0, rng.below(b.length + 1)), other.bytes.subarray(rng.below(other.bytes.length + 1)));
  },
};

const NAMES = Object.keys(MUTATIONS) as MutationName[];

/** One fuzz case: a copy of a base with one to four mutations, and what was done to it. */
export function mutateBase(rng: Random, bases: readonly FuzzBase[]): { bytes: Uint8Array; base: string; applied: MutationName[] } {
  const base = rng.pick(bases);
  let bytes: Uint8Array = base.bytes.slice();
  const applied: MutationName[] = [];
  for (let n = 1 + rng.below(4); n > 0; n--) {
    const name = rng.pick(NAMES);
    bytes = MUTATIONS[name](rng, bytes, base, rng.pick(bases));
    applied.push(name);
  }
  return { bytes, base: base.name, applied };
}
