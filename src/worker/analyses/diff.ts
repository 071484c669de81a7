/**
 * Two open files compared (the explorer's Compare tab): memory page by page, registers, config
 * and records, as `xen-stream diff` does, with progress and Cancel. Both scans must be finished.
 */
import type { StreamDiff } from '../../decoder/diff/streamDiff.ts';
import { diffStreams } from '../../decoder/diff/streamDiff.ts';
import type { Analysis, SessionView } from './Analysis.ts';

export interface DiffArgs {
  /** Checkpoint of each file (from 1), or null for the whole stream. */
  checkpoints: [number | null, number | null];
}

const finished = (s: SessionView) => {
  if (!s.result) throw new Error(`the scan of ${s.source.name} has not finished`);
  return s.result;
};

export const diff: Analysis<DiffArgs, StreamDiff> = {
  sessions: 2,
  run([a, b], { checkpoints }, job) {
    const sides = [a!, b!].map((s, i) => ({ source: s.source, scan: finished(s), checkpoint: checkpoints[i]! }));
    return diffStreams(sides[0]!, sides[1]!, { signal: job.signal, progress: (done, total) => job.progress({ done, total }) });
  },
  transfer: ({ records: { rows } }) => [rows.a.buffer, rows.b.buffer, rows.status.buffer],
};
