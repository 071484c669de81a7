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

/** The growing round's sums, at these places of RoundFinder's typed array. */
const RECORDS = 0;
const PFNS = 1;
const PAGES = 2;
const BYTES = 3;
const MIN_PFN = 4;
const MAX_PFN = 5;
const LAST = 6;
const END = 7;
/** Sums of a round with no record yet. */
const NO_SUMS = [0, 0, 0, 0, Infinity, -1, -1, 0];

/**
 * Finds the rounds of an index a run of page records at a time, in file order, as the scan
 * settles them (see IndexSummary): the rounds of a growing index cost a step per new page record.
 */
export class RoundFinder {
  private readonly found: Round[] = [];
  /**
   * The last round's sums while it grows, written back when it ends: a typed array, since a
   * number field of an object that outgrows a small integer is a fresh heap number at each write.
   */
  private readonly sums = Float64Array.from(NO_SUMS);

  /** Takes in a run of page records (entries of a kind with PAGE_RUN_AUX numbers), the next ones after those taken. */
  takeRun(runs: KindRuns): void {
    const s = this.sums;
    const { base, aux, group, offset, length } = runs.span;
    // The sums live in locals along the run (registers, in optimised code), going back to the
    // typed array when a round ends and at the run's end.
    let cur = this.found[this.found.length - 1];
    // The round's checkpoint in a local too: a field read per record cost more than the rest.
    let checkpoint = cur === undefined ? -1 : cur.checkpoint;
    let records = s[RECORDS]!;
    let pfns = s[PFNS]!;
    let pages = s[PAGES]!;
    let bytes = s[BYTES]!;
    let minPfn = s[MIN_PFN]!;
    let maxPfn = s[MAX_PFN]!;
    let last = s[LAST]!;
    let end = s[END]!;
    for (let k = runs.start; k < runs.end; k++) {
      const a = k * AUX;
      const count = aux[a]!;
      if (group[k] !== checkpoint || (count > 0 && aux[a + 2]! <= maxPfn)) {
        if (cur) {
          s.set([records, pfns, pages, bytes, minPfn, maxPfn, last, end]);
          this.settle(cur);
        }
        checkpoint = group[k]!;
        cur = { checkpoint, firstRecord: base + k, lastRecord: 0, records: 0, pfns: 0, pages: 0, bytes: 0, minPfn: 0, maxPfn: -1, offset: offset[k]!, end: 0 };
        this.found.push(cur);
        records = pfns = pages = bytes = 0;
        minPfn = Infinity;
        maxPfn = -1;
      }
      last = base + k;
      end = offset[k]! + length[k]!;
      records++;
      pfns += count;
      pages += aux[a + 1]!;
      bytes += length[k]!;
      if (count > 0) {
        minPfn = Math.min(minPfn, aux[a + 2]!);
        maxPfn = Math.max(maxPfn, aux[a + 3]!);
      }
    }
    s.set([records, pfns, pages, bytes, minPfn, maxPfn, last, end]);
  }

  /** Writes the growing round's sums into `r` (a round with no PFN gets the range 0 to -1). */
  private settle(r: Round): void {
    const s = this.sums;
    r.lastRecord = s[LAST]!;
    r.records = s[RECORDS]!;
    r.pfns = s[PFNS]!;
    r.pages = s[PAGES]!;
    r.bytes = s[BYTES]!;
    r.minPfn = s[MAX_PFN]! < 0 ? 0 : s[MIN_PFN]!;
    r.maxPfn = s[MAX_PFN]!;
    r.end = s[END]!;
  }

  /** The rounds found so far, copies. */
  rounds(): Round[] {
    const last = this.found[this.found.length - 1];
    if (last) this.settle(last);
    return this.found.map((r) => ({ ...r }));
  }
}
