/**
 * The comparison drawn as a PFN map: each cell of a window of PFN space classed by what the
 * comparison says of its PFNs, worst first (changed, then only in A, then only in B); the rest
 * are the same in both or in neither. Worked out from the comparison's runs, so a cell costs
 * nothing to class however many PFNs it covers.
 */
import type { PfnRun } from '../../decoder/diff/pfnRuns.ts';
import type { StreamDiff } from '../../decoder/diff/streamDiff.ts';

export const CompareClass = { Same: 0, OnlyB: 1, OnlyA: 2, Changed: 3 } as const;
export type CompareClass = (typeof CompareClass)[keyof typeof CompareClass];

export const COMPARE_CLASS_NAMES: Record<CompareClass, string> = {
  [CompareClass.Same]: 'same in both (or in neither)',
  [CompareClass.OnlyB]: 'only in B',
  [CompareClass.OnlyA]: 'only in A',
  [CompareClass.Changed]: 'changed',
};

type Runs = Pick<StreamDiff, 'changedPfns' | 'onlyAPfns' | 'onlyBPfns'>;

/** Classes of `cells` equal cells over PFNs [from, to). */
export function compareCells(d: Runs, from: number, to: number, cells: number): Uint8Array {
  const classes = new Uint8Array(cells);
  if (cells === 0 || to <= from) return classes;
  const per = (to - from) / cells;
  const mark = (runs: readonly PfnRun[], cls: CompareClass) => {
    for (const [first, last] of runs) {
      if (last < from || first >= to) continue;
      const a = Math.floor((Math.max(first, from) - from) / per);
      const b = Math.min(cells - 1, Math.floor((Math.min(last, to - 1) - from) / per));
      for (let k = a; k <= b; k++) if (classes[k]! < cls) classes[k] = cls;
    }
  };
  mark(d.onlyBPfns, CompareClass.OnlyB);
  mark(d.onlyAPfns, CompareClass.OnlyA);
  mark(d.changedPfns, CompareClass.Changed);
  return classes;
}

/** The first PFN of cell `cell` that the runs of class `cls` name, or -1. */
export function firstPfnIn(d: Runs, cls: CompareClass, from: number, to: number, cells: number, cell: number): number {
  const per = (to - from) / cells;
  const lo = Math.ceil(from + cell * per);
  const hi = Math.ceil(from + (cell + 1) * per) - 1;
  const runs = cls === CompareClass.Changed ? d.changedPfns : cls === CompareClass.OnlyA ? d.onlyAPfns : cls === CompareClass.OnlyB ? d.onlyBPfns : [];
  for (const [first, last] of runs) if (last >= lo && first <= hi) return Math.max(first, lo);
  return -1;
}
