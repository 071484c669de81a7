/**
 * A record's field tree as the hex view needs it: sorted, non-overlapping byte spans, each owned
 * by the field `fieldAt` would name for its bytes (the innermost; among overlapping siblings,
 * such as a PFN entry's pfn and type bit fields, the first), so that a byte's field is a binary
 * search away.
 */
import type { Field } from '../../decoder/model/Field.ts';

export interface FieldSpan {
  start: number;
  end: number;
  /** Path key of the field ("0.2.1"). */
  key: string;
  /** Sequence number of the field, to alternate tints between neighbours. */
  n: number;
}

type Interval = [start: number, end: number];

/** Parts of `spans` (sorted) outside `covered` (sorted, disjoint). */
function subtract(spans: FieldSpan[], covered: Interval[]): FieldSpan[] {
  if (!covered.length) return spans;
  const out: FieldSpan[] = [];
  for (const s of spans) {
    let at = s.start;
    for (const [cs, ce] of covered) {
      if (ce <= at) continue;
      if (cs >= s.end) break;
      if (cs > at) out.push({ ...s, start: at, end: cs });
      at = Math.max(at, ce);
    }
    if (at < s.end) out.push({ ...s, start: at });
  }
  return out;
}

/** `covered` with [start, end) added, kept sorted and disjoint. */
function cover(covered: Interval[], start: number, end: number): Interval[] {
  const out: Interval[] = [];
  let s = start;
  let e = end;
  for (const iv of covered) {
    if (iv[1] < s || iv[0] > e) out.push(iv);
    else {
      s = Math.min(s, iv[0]);
      e = Math.max(e, iv[1]);
    }
  }
  out.push([s, e]);
  return out.sort((a, b) => a[0] - b[0]);
}

function spansOf(fields: readonly Field[], prefix: string, seq: { n: number }): FieldSpan[] {
  let covered: Interval[] = [];
  const out: FieldSpan[] = [];
  fields.forEach((f, i) => {
    if (f.length <= 0) return;
    const key = prefix + i;
    const start = f.offset;
    const end = f.offset + f.length;
    const n = seq.n++;
    let own: FieldSpan[] = [{ start, end, key, n }];
    if (f.children?.length) {
      // Children are only found inside their parent; the parent owns the gaps between them.
      const inner = spansOf(f.children, key + '.', seq)
        .map((s) => ({ ...s, start: Math.max(s.start, start), end: Math.min(s.end, end) }))
        .filter((s) => s.end > s.start);
      const gaps = subtract(own, inner.map((s): Interval => [s.start, s.end]));
      own = [...inner, ...gaps].sort((a, b) => a.start - b.start);
    }
    out.push(...subtract(own, covered));
    covered = cover(covered, start, end);
  });
  return out.sort((a, b) => a.start - b.start);
}

export function fieldSpans(tree: readonly Field[]): FieldSpan[] {
  return spansOf(tree, '', { n: 0 });
}

/** The span holding `offset`, or null. */
export function spanAt(spans: readonly FieldSpan[], offset: number): FieldSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return null;
}
