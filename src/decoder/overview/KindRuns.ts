/**
 * The entries of an index in runs of one kind: consecutive entries of the same layer, flags and
 * type, each starting where the one before it ends (a million PAGE_DATA records in a row are one
 * run a chunk of the index), so that a run is also one stretch of the file. The overviews'
 * loops over millions of entries look a kind up once a run and read the columns in place; a
 * lookup per entry cost more than all the rest of their work.
 *
 * A cursor rather than a callback, so that a loop's running sums stay in the loop's own
 * variables (a closure's captured variables are kept boxed, a fresh number at each write).
 */
import { unknownKind, type RecordKind } from '../core/RecordKind.ts';
import { kindOf } from '../kinds.ts';
import { kindKey } from '../model/kindKey.ts';
import type { Layer } from '../model/Layer.ts';
import type { IndexSpan, RecordIndex } from '../model/RecordIndex.ts';

const NO_KIND = unknownKind('none', 'header');

/**
 * Where the run starting at entry k of a span ends. A function of its own: the JIT compiles a
 * long loop while it runs, and code after the loop that has never run yet is thrown away when
 * reached (here that is only the return).
 */
function runEnd(s: IndexSpan, k: number): number {
  const { layer, flags, type, offset, length } = s;
  const l = layer[k];
  const f = flags[k];
  const t = type[k];
  let e = k + 1;
  while (e < s.to && type[e] === t && layer[e] === l && flags[e] === f && offset[e] === offset[e - 1]! + length[e - 1]!) e++;
  return e;
}

export class KindRuns {
  /** The run: entries span.base + [start, end), all of `kind` (whose kindKey is `key`). */
  kind: RecordKind = NO_KIND;
  key = 0;
  start = 0;
  end = 0;
  private readonly spans: IndexSpan[];
  private at = 0;
  /** Kinds met so far, by kindKey: streams alternate a few kinds (checkpoints). */
  private readonly seen = new Map<number, RecordKind>();

  constructor(index: RecordIndex, from: number, to = index.count) {
    this.spans = index.spans(from, to);
    this.end = this.spans[0]?.from ?? 0;
  }

  /** The arrays holding the run. */
  get span(): IndexSpan {
    return this.spans[this.at]!;
  }

  /** File offset of the run's first byte. */
  get offset(): number {
    return this.span.offset[this.start]!;
  }

  /** Bytes from the run's first to the end of its last entry: all of its entries', back to back. */
  get length(): number {
    const { offset, length } = this.span;
    return offset[this.end - 1]! + length[this.end - 1]! - offset[this.start]!;
  }

  /** Moves to the next run; false when there is none. */
  next(): boolean {
    let s = this.spans[this.at];
    while (s !== undefined && this.end >= s.to) {
      s = this.spans[++this.at];
      if (s !== undefined) this.end = s.from;
    }
    if (s === undefined) return false;
    const k = this.end;
    const l = s.layer[k]!;
    const f = s.flags[k]!;
    const t = s.type[k]!;
    this.start = k;
    this.end = runEnd(s, k);
    const key = kindKey(l, f, t);
    let kind = this.seen.get(key);
    if (kind === undefined) this.seen.set(key, (kind = kindOf(l as Layer, f, t)));
    this.kind = kind;
    this.key = key;
    return true;
  }
}
