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
    // The growing round's sums live in locals along the run (registers, in optimised code: a
    // number field written per record is a fresh heap number each time), written back to it
    // when it ends and at the run's end. A round's range is Infinity to -1 while it has no PFN.
    let cur = this.found[this.found.length - 1];
    let checkpoint = cur === undefined ? -1 : cur.checkpoint;
    let { records, pfns, pages, bytes, minPfn, maxPfn, lastRecord, end } = cur ?? EMPTY;
    for (let k = runs.start; k < runs.end; k++) {
      const a = k * AUX;
      const count = aux[a]!;
      if (group[k] !== checkpoint || (count > 0 && aux[a + 2]! <= maxPfn)) {
        if (cur) Object.assign(cur, { records, pfns, pages, bytes, minPfn, maxPfn, lastRecord, end });
        checkpoint = group[k]!;
        cur = { ...EMPTY, checkpoint, firstRecord: base + k, offset: offset[k]! };
        this.found.push(cur);
        ({ records, pfns, pages, bytes, minPfn, maxPfn } = EMPTY);
      }
      lastRecord = base + k;
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
    if (cur) Object.assign(cur, { records, pfns, pages, bytes, minPfn, maxPfn, lastRecord, end });
  }

  /** The rounds found so far, copies (a round with no PFN has the range 0 to -1). */
  rounds(): Round[] {
    return this.found.map((r) => (r.maxPfn < 0 ? { ...r, minPfn: 0 } : { ...r }));
  }
}
