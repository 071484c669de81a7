/**
 * Migration rounds, from the PFN ranges the scan keeps for each page record. Xen's saver sends
 * each round's dirty pages in PFN order and starts the next round from PFN 0, so a round is a
 * maximal run of page records within one checkpoint in which each record's smallest PFN is
 * greater than the largest PFN of the record before it.
 */
import type { RecordIndex } from '../model/RecordIndex.ts';
import { isPageRecord } from '../names.ts';

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
  const rounds: Round[] = [];
  let cur: Round | undefined;
  for (let i = 0; i < index.count; i++) {
    if (!isPageRecord(index.layer(i), index.type(i), index.flags(i))) continue;
    const count = index.aux(i, 0);
    const min = index.aux(i, 2);
    const max = index.aux(i, 3);
    const checkpoint = index.group(i);
    const continues = cur !== undefined && cur.checkpoint === checkpoint && (count === 0 || min > cur.maxPfn);
    if (!continues) {
      cur = { checkpoint, firstRecord: i, lastRecord: i, records: 0, pfns: 0, pages: 0, bytes: 0, minPfn: Infinity, maxPfn: -1, offset: index.offset(i), end: 0 };
      rounds.push(cur);
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
  for (const r of rounds) if (r.maxPfn < 0) r.minPfn = 0;
  return rounds;
}
