/**
 * What the overviews add up over the whole index (records and bytes per kind, page records,
 * vCPUs, the largest records, the rounds), taken in an entry at a time. The scan feeds it each
 * entry as it settles (when the next one is added: an entry's length and numbers are final by
 * then), so the sums cost a step per entry inside the scan's own loop, which the JIT has made
 * fast, rather than a walk of millions of entries afterwards in code that has not run before
 * (a walk per overview took 25–50 ms for a million records, most of it before the JIT caught up).
 */
import type { StreamFacts } from '../core/facts.ts';
import { PAGE_RUN_AUX } from '../core/RecordKind.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import { KindRuns } from './KindRuns.ts';
import { RoundFinder, type Round } from './rounds.ts';
import { RecordTally, type PfnCensus, type StreamStatistics } from './statistics.ts';

export class IndexSummary {
  private readonly finder = new RoundFinder();
  private readonly tally = new RecordTally();
  private upTo = 0;

  /** Entries taken in so far. */
  get count(): number {
    return this.upTo;
  }

  /** Takes in entries [count, to) of `index`: entries that will not change any more. */
  add(index: RecordIndex, to: number): void {
    for (const runs = new KindRuns(index, this.upTo, to); runs.next(); ) {
      this.tally.takeRun(runs);
      if (runs.kind.aux === PAGE_RUN_AUX) this.finder.takeRun(runs);
    }
    this.upTo = Math.max(this.upTo, to);
  }

  /** The rounds of the entries taken in so far. */
  rounds(): Round[] {
    return this.finder.rounds();
  }

  /** The statistics of the entries taken in so far; the per-PFN numbers when a census of the guest memory model is given. */
  statistics(facts: StreamFacts, census?: PfnCensus, rounds: Round[] = this.rounds()): StreamStatistics {
    return this.tally.statistics(facts, rounds, census);
  }
}

/** The summary of a whole index at once (for an index the scan did not summarise as it went). */
export function summarize(index: RecordIndex): IndexSummary {
  const s = new IndexSummary();
  s.add(index, index.count);
  return s;
}
