/**
 * The rounds of a session's stream, for the analyses that draw them or mark the last one: found
 * again while the scan grows the index, kept once it is done (a million-record index takes tens
 * of milliseconds to walk, and the maps ask again at every zoom).
 */
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import { findRounds, type Round } from '../../decoder/overview/rounds.ts';
import type { SessionView } from './Analysis.ts';

const finished = new WeakMap<RecordIndex, Round[]>();

export function sessionRounds(s: SessionView): Round[] {
  const kept = finished.get(s.index);
  if (kept) return kept;
  const rounds = findRounds(s.index);
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
