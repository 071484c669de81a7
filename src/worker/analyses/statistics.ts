/**
 * The statistics panel's numbers (records and bytes per type, pages, rounds, checkpoints,
 * vCPUs, the per-PFN census of the guest memory model, the largest records); null before the
 * scan has facts. Kept once the scan is done: they no longer change.
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import { pfnCensus, type StreamStatistics } from '../../decoder/overview/statistics.ts';
import type { Analysis } from './Analysis.ts';
import { caughtUp, sessionRounds } from './sessionRounds.ts';

const finished = new WeakMap<RecordIndex, StreamStatistics>();

export const statistics: Analysis<Record<string, never>, StreamStatistics | null> = {
  sessions: 1,
  run([s]) {
    const { index, facts, memory, done } = s!;
    if (!facts) return null;
    const kept = finished.get(index);
    if (kept) return kept;
    // The rounds the maps asked for already, kept once the scan is done.
    const stats = caughtUp(s!).statistics(facts, memory ? pfnCensus(memory) : undefined, sessionRounds(s!));
    if (done) finished.set(index, stats);
    return stats;
  },
};
