/**
 * The entries of an index in runs of one kind: consecutive entries of the same layer, flags and
 * type (a million PAGE_DATA records in a row are one run a chunk of the index). The overviews'
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
  const { layer, flags, type } = s;
  const l = layer[k];
  const f = flags[k];
  const t = type[k];
  let e = k + 1;
  while (e < s.to && type[e] === t && layer[e] === l && flags[e] === f) e++;
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
