/**
 * The rounds of a session's stream, for the analyses that draw them or mark the last one: the
 * scan finds them as it settles entries, so asking costs the entries settled since and a copy,
 * kept once the scan is done (the maps ask again at every zoom).
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import type { IndexSummary } from '../../decoder/overview/IndexSummary.ts';
import type { Round } from '../../decoder/overview/rounds.ts';
import type { SessionView } from './Analysis.ts';

const finished = new WeakMap<RecordIndex, Round[]>();

export function sessionRounds(s: SessionView): Round[] {
  const kept = finished.get(s.index);
  if (kept) return kept;
  const rounds = caughtUp(s).rounds();
  if (s.done) finished.set(s.index, rounds);
  return rounds;
}

/**
 * The session's summary with every settled entry taken in: while the scan runs it takes them in
 * a batch at a time, and all but the newest entry are settled (the newest may still be cut
 * short by the end of the file).
 */
export function caughtUp(s: SessionView): IndexSummary {
  s.summary.add(s.index, s.done ? s.index.count : s.index.count - 1);
  return s.summary;
}

/**
 * Where the last round (or, in a checkpointed stream, the last checkpoint) starts in the file;
 * Infinity when there is only one, since then every page would be "the last round's".
 */
export function lastRoundOffset(rounds: readonly Round[]): number {
  const last = rounds.at(-1);
  if (!last || rounds.length < 2) return Infinity;
  const first = rounds.find((r) => r.checkpoint === last.checkpoint)!;
  return first === rounds[0] ? last.offset : first.offset;
}
