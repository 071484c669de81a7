/**
 * Which part of a stream a comparison looks at: all of it, or the guest as of checkpoint N of a
 * Remus/COLO stream (numbered from 1; checkpoint N is index group N − 1). Memory and vCPU state
 * are then what a receiver holds after that checkpoint: every page's last copy sent up to it.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { GuestMemory } from '../memory/GuestMemory.ts';
import { readPageEntries } from '../memory/pageCopies.ts';
import type { ScanResult } from '../scan/scanStream.ts';

/** A checkpoint asked for that the stream does not hold: the caller's mistake, not the stream's. */
export class CheckpointChoiceError extends Error {}

/** One side of a comparison: a scanned stream (scanned with `memory: true`), whole or up to a checkpoint. */
export interface DiffSide {
  source: ByteSource;
  scan: ScanResult;
  /** Checkpoint compared (from 1), or null for the whole stream. */
  checkpoint: number | null;
}

/** Index group of the last entries that count, or null for all; throws CheckpointChoiceError. */
export function lastGroup(side: DiffSide): number | null {
  const n = side.checkpoint;
  if (n === null) return null;
  const complete = side.scan.facts.checkpoints;
  if (complete === 0) throw new CheckpointChoiceError(`${side.scan.name} is not a checkpointed (Remus/COLO) stream: it has no checkpoint ${n}`);
  if (!Number.isSafeInteger(n) || n < 1 || n > complete) {
    throw new CheckpointChoiceError(`${side.scan.name} has no checkpoint ${n}: it holds ${complete} complete checkpoint${complete === 1 ? '' : 's'}, numbered from 1`);
  }
  return n - 1;
}

/** The guest memory model as of the side's checkpoint: the scan's own for a whole stream. */
export async function sideMemory(side: DiffSide, group: number | null, signal?: AbortSignal): Promise<GuestMemory> {
  const { scan, source } = side;
  if (group === null) {
    if (!scan.memory) throw new Error('the scan was made without its memory model (scanStream(…, { memory: true }))');
    return scan.memory;
  }
  const memory = new GuestMemory();
  const index = scan.index;
  for (let i = 0; i < index.count; i++) {
    if (signal?.aborted) break;
    // Only page records have entries to replay; readPageEntries passes over the rest.
    if (index.group(i) <= group) await readPageEntries(source, index, scan.facts, i, memory.addEntry);
  }
  return memory;
}
