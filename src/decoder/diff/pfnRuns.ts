/** Runs of consecutive PFNs, built from PFNs added in increasing order: [first, last] inclusive. */
export type PfnRun = [first: number, last: number];

export class PfnRuns {
  readonly runs: PfnRun[] = [];

  add(pfn: number): void {
    const last = this.runs[this.runs.length - 1];
    if (last && last[1] + 1 === pfn) last[1] = pfn;
    else this.runs.push([pfn, pfn]);
  }
}

/** Whether `pfn` lies in one of `runs` (sorted, disjoint): binary search. */
export function inRuns(runs: readonly PfnRun[], pfn: number): boolean {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (pfn < r[0]) hi = mid - 1;
    else if (pfn > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
