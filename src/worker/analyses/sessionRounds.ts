/**
 * The rounds of a session's stream, for the analyses that draw them or mark the last one: found
 * a stretch at a time while the scan grows the index (the maps ask again every second), kept
 * once it is done (a million-record index takes tens of milliseconds to walk, and the maps ask
 * again at every zoom).
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import { RoundFinder, type Round } from '../../decoder/overview/rounds.ts';
import type { SessionView } from './Analysis.ts';

const finders = new WeakMap<RecordIndex, RoundFinder>();
const finished = new WeakMap<RecordIndex, Round[]>();

export function sessionRounds(s: SessionView): Round[] {
  const kept = finished.get(s.index);
  if (kept) return kept;
  let f = finders.get(s.index);
  if (!f) finders.set(s.index, (f = new RoundFinder()));
  // While the scan runs its last entry may still change: it is taken in at the next request.
  f.add(s.index, s.done ? s.index.count : s.index.count - 1);
  const rounds = f.rounds();
  if (s.done) finished.set(s.index, rounds);
  return rounds;
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
