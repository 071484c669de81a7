/**
 * A record's field tree as the hex view needs it: sorted, non-overlapping byte spans, each owned
 * by the innermost field covering it, so that a byte's field is a binary search away.
 */
import type { Field } from '../../decoder/model/Field.ts';

export interface FieldSpan {
  start: number;
  end: number;
  /** Path key of the innermost field ("0.2.1"). */
  key: string;
  /** Sequence number of the leaf-most field, to alternate tints between neighbours. */
  n: number;
}

export function fieldSpans(tree: readonly Field[]): FieldSpan[] {
  const out: FieldSpan[] = [];
  let n = 0;
  const emit = (start: number, end: number, key: string, seq: number) => {
    if (end > start) out.push({ start, end, key, n: seq });
  };
  const walk = (fields: readonly Field[], prefix: string) => {
    fields.forEach((f, i) => {
      if (f.length <= 0) return;
      const key = prefix + i;
      const end = f.offset + f.length;
      if (!f.children?.some((c) => c.length > 0)) {
        emit(f.offset, end, key, n++);
        return;
      }
      // The parent owns the gaps between its children.
      const own = n++;
      const before = out.length;
      walk(f.children, key + '.');
      const inner = out.splice(before).sort((a, b) => a.start - b.start);
      let at = f.offset;
      for (const s of inner) {
        emit(at, Math.min(s.start, end), key, own);
        out.push(s);
        at = Math.max(at, s.end);
      }
      emit(at, end, key, own);
    });
  };
  walk(tree, '');
  return out.sort((a, b) => a.start - b.start);
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
