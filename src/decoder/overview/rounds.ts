/**
 * Migration rounds, from the PFN ranges the scan keeps for each page record. Xen's saver sends
 * each round's dirty pages in PFN order and starts the next round from PFN 0, so a round is a
 * maximal run of page records within one checkpoint in which each record's smallest PFN is
 * greater than the largest PFN of the record before it.
 */
import { PAGE_RUN_AUX } from '../core/RecordKind.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import { KindsInOrder } from './KindsInOrder.ts';

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

/** Every round of the stream, in file order. Records with no PFN entries belong to the round they sit in. */
export function findRounds(index: RecordIndex): Round[] {
  const f = new RoundFinder();
  f.add(index, index.count);
  return f.rounds();
}

/**
 * Finds the rounds of a growing index a stretch at a time (the worker asks for them again as the
 * scan goes: walking the whole index each time would cost as much as the scan on millions of
 * records). `add` takes entries that will not change any more.
 */
export class RoundFinder {
  private readonly found: Round[] = [];
  private upTo = 0;
  private readonly kinds = new KindsInOrder();

  /** Entries looked at so far. */
  get count(): number {
    return this.upTo;
  }

  /** Takes in entries [count, to). */
  add(index: RecordIndex, to: number): void {
    let cur = this.found.at(-1);
    for (let i = this.upTo; i < to; i++) {
      if (this.kinds.of(index.layer(i), index.flags(i), index.type(i)).aux !== PAGE_RUN_AUX) continue;
      const count = index.aux(i, 0);
      const min = index.aux(i, 2);
      const max = index.aux(i, 3);
      const checkpoint = index.group(i);
      const continues = cur !== undefined && cur.checkpoint === checkpoint && (count === 0 || min > cur.maxPfn);
      if (!continues) {
        cur = { checkpoint, firstRecord: i, lastRecord: i, records: 0, pfns: 0, pages: 0, bytes: 0, minPfn: Infinity, maxPfn: -1, offset: index.offset(i), end: 0 };
        this.found.push(cur);
      }
      const r = cur!;
      r.lastRecord = i;
      r.records++;
      r.pfns += count;
      r.pages += index.aux(i, 1);
      r.bytes += index.length(i);
      r.end = index.offset(i) + index.length(i);
      if (count > 0) {
        r.minPfn = Math.min(r.minPfn, min);
        r.maxPfn = Math.max(r.maxPfn, max);
      }
    }
    this.upTo = Math.max(this.upTo, to);
  }

  /** The rounds found so far (a round with no PFN has the range 0 to -1). */
  rounds(): Round[] {
    return this.found.map((r) => (r.maxPfn < 0 ? { ...r, minPfn: 0 } : { ...r }));
  }
}
