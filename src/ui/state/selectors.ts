/**
 * Data the views derive from the store, computed once per change of what it derives from (not
 * copied into the store by actions on every progress message).
 */
import type { Diagnostic } from '../../decoder/model/Diagnostic.ts';
import type { Highlight } from '../../decoder/model/Highlight.ts';
import { HighlightSet } from '../highlight/HighlightSet.ts';
import { SEVERITY_RANK } from './severity.ts';

/** Remembers the last result per input object, so equal inputs give the same (===) output. */
function memoByIdentity<I extends object, O>(compute: (input: I) => O): (input: I) => O {
  const cache = new WeakMap<I, O>();
  return (input) => {
    let out = cache.get(input);
    if (out === undefined) {
      out = compute(input);
      cache.set(input, out);
    }
    return out;
  };
}

/** Worst severity (SEVERITY_RANK) of each record that has diagnostics, by entry number. */
export const recordSeverities = memoByIdentity((diagnostics: readonly Diagnostic[]): ReadonlyMap<number, number> => {
  const worst = new Map<number, number>();
  for (const d of diagnostics) if (d.record >= 0) worst.set(d.record, Math.max(worst.get(d.record) ?? 0, SEVERITY_RANK[d.severity]));
  return worst;
});

/** Every analysis's highlights together, for the views to draw. */
export const highlightSet = memoByIdentity((byAnalysis: Record<string, readonly Highlight[]>) => new HighlightSet(Object.values(byAnalysis).flat()));
