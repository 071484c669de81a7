/**
 * Migration rounds, from the PFN ranges the scan keeps for each page record. Xen's saver sends
 * each round's dirty pages in PFN order and starts the next round from PFN 0, so a round is a
 * maximal run of page records within one checkpoint in which each record's smallest PFN is
 * greater than the largest PFN of the record before it.
 */
import { AUX } from '../model/RecordIndex.ts';
import type { KindRuns } from './KindRuns.ts';

export interface Round {
  /** Checkpoint the round belongs to (0 for a plain stream). */
  checkpoint: number;
  /** Index entries of its first and last page record. */
  firstRecord: number;
  lastRecord: number;
  records: number;
  /** PFN entries, and those of them that carry a page of data. */
  pfns: number;
  pages: number;
  /** Bytes on the wire of its page records. */
  bytes: number;
  /** PFN range sent (0 and -1 when no record of the round has a PFN). */
  minPfn: number;
  maxPfn: number;
  /** File offsets: the first record's start and the last record's end. */
  offset: number;
  end: number;
}

/** A round before its first record. */
const EMPTY: Round = { checkpoint: -1, firstRecord: -1, lastRecord: -1, records: 0, pfns: 0, pages: 0, bytes: 0, minPfn: Infinity, maxPfn: -1, offset: 0, end: 0 };

/**
 * Finds the rounds of an index a run of page records at a time, in file order, as the scan
 * settles them (see IndexSummary): the rounds of a growing index cost a step per new page record.
 */
export class RoundFinder {
  private readonly found: Round[] = [];

  /** Takes in a run of page records (entries of a kind with PAGE_RUN_AUX numbers), the next ones after those taken. */
  takeRun(runs: KindRuns): void {
    const { base, aux, group, offset, length } = runs.span;
    // The growing round's sums live in locals along the run, written back to it when it ends and
    // at the run's end. Each starts as a plain number (coerced, reset by literals), and the last
    // record's end is worked out only at the write-back: a local given an object's field, or only
    // written in the loop, stays a tagged value in optimised code, a fresh heap number at each
    // write (the end offset written per record made the loop 1.5 times slower). A round's range
    // is Infinity to -1 while it has no PFN.
    let cur = this.found[this.found.length - 1];
    let checkpoint = cur === undefined ? -1 : cur.checkpoint;
    const from = cur ?? EMPTY;
    let records = from.records | 0;
    let pfns = +from.pfns;
    let pages = +from.pages;
    let bytes = +from.bytes;
    let minPfn = +from.minPfn;
    let maxPfn = +from.maxPfn;
    /** The run's entry last taken into `cur` (-1: none yet). */
    let last = -1;
    const stop = runs.end;
    for (let k = runs.start; k < stop; k++) {
      const a = k * AUX;
      const count = aux[a]!;
      if (group[k] !== checkpoint || (count > 0 && aux[a + 2]! <= maxPfn)) {
        if (cur && last >= 0) Object.assign(cur, { records, pfns, pages, bytes, minPfn, maxPfn, lastRecord: base + last, end: offset[last]! + length[last]! });
        checkpoint = group[k]!;
        cur = { ...EMPTY, checkpoint, firstRecord: base + k, offset: offset[k]! };
        this.found.push(cur);
        records = 0;
        pfns = 0;
        pages = 0;
        bytes = 0;
        minPfn = Infinity;
        maxPfn = -1;
      }
      last = k;
      records++;
      pfns += count;
      pages += aux[a + 1]!;
      bytes += length[k]!;
      if (count > 0) {
        const lo = aux[a + 2]!;
        const hi = aux[a + 3]!;
        if (lo < minPfn) minPfn = lo;
        if (hi > maxPfn) maxPfn = hi;
      }
    }
    if (cur && last >= 0) Object.assign(cur, { records, pfns, pages, bytes, minPfn, maxPfn, lastRecord: base + last, end: offset[last]! + length[last]! });
  }

  /** The rounds found so far, copies (a round with no PFN has the range 0 to -1). */
  rounds(): Round[] {
    return this.found.map((r) => (r.maxPfn < 0 ? { ...r, minPfn: 0 } : { ...r }));
  }
}
