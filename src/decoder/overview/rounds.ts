/**
 * Migration rounds, from the PFN ranges the scan keeps for each page record. Xen's saver sends
 * each round's dirty pages in PFN order and starts the next round from PFN 0, so a round is a
 * maximal run of page records within one checkpoint in which each record's smallest PFN is
 * greater than the largest PFN of the record before it.
 */
import { PAGE_RUN_AUX } from '../core/RecordKind.ts';
import { AUX, type RecordIndex } from '../model/RecordIndex.ts';
import { KindRuns } from './KindRuns.ts';

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

/** Writes a round's sums back, and where its last record ends. */
function settle(r: Round, index: RecordIndex, sums: Pick<Round, 'lastRecord' | 'records' | 'pfns' | 'pages' | 'bytes' | 'minPfn' | 'maxPfn'>): void {
  Object.assign(r, sums);
  r.end = index.offset(sums.lastRecord) + index.length(sums.lastRecord);
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

  /** Entries looked at so far. */
  get count(): number {
    return this.upTo;
  }

  /** Takes in entries [count, to). */
  add(index: RecordIndex, to: number): void {
    // The round being added to is summed in locals and written back when it ends: a number
    // field of an object that outgrows a small integer is a fresh heap number at every write.
    let cur = this.found.at(-1);
    let records = cur?.records ?? 0;
    let pfns = cur?.pfns ?? 0;
    let pages = cur?.pages ?? 0;
    let bytes = cur?.bytes ?? 0;
    let minPfn = cur?.minPfn ?? Infinity;
    let maxPfn = cur?.maxPfn ?? -1;
    let last = cur?.lastRecord ?? -1;
    for (const runs = new KindRuns(index, this.upTo, to); runs.next(); ) {
      if (runs.kind.aux !== PAGE_RUN_AUX) continue;
      const { base, aux, group, offset, length } = runs.span;
      for (let k = runs.start; k < runs.end; k++) {
        const a = k * AUX;
        const count = aux[a]!;
        if (cur === undefined || group[k] !== cur.checkpoint || (count > 0 && aux[a + 2]! <= maxPfn)) {
          if (cur) settle(cur, index, { lastRecord: last, records, pfns, pages, bytes, minPfn, maxPfn });
          cur = { checkpoint: group[k]!, firstRecord: base + k, lastRecord: 0, records: 0, pfns: 0, pages: 0, bytes: 0, minPfn: Infinity, maxPfn: -1, offset: offset[k]!, end: 0 };
          this.found.push(cur);
          records = pfns = pages = bytes = 0;
          minPfn = Infinity;
          maxPfn = -1;
        }
        last = base + k;
        records++;
        pfns += count;
        pages += aux[a + 1]!;
        bytes += length[k]!;
        if (count > 0) {
          minPfn = Math.min(minPfn, aux[a + 2]!);
          maxPfn = Math.max(maxPfn, aux[a + 3]!);
        }
      }
    }
    if (cur) settle(cur, index, { lastRecord: last, records, pfns, pages, bytes, minPfn, maxPfn });
    this.upTo = Math.max(this.upTo, to);
  }

  /** The rounds found so far (a round with no PFN has the range 0 to -1). */
  rounds(): Round[] {
    return this.found.map((r) => (r.maxPfn < 0 ? { ...r, minPfn: 0 } : { ...r }));
  }
}
