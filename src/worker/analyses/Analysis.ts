/**
 * What an analysis is: a module that works on the index of one or more open sessions (the
 * guest memory model, overviews binned for a picture, a diff of two files), with its own typed
 * arguments and reply. The worker runs it on request; see docs/architecture.md.
 */
import type { ByteSource } from '../../decoder/bytes/ByteSource.ts';
import type { Diagnostic } from '../../decoder/model/Diagnostic.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import type { StreamFacts } from '../../decoder/scan/facts.ts';

/** One open file as an analysis sees it: live while its scan runs (`done` false). */
export interface SessionView {
  id: number;
  source: ByteSource;
  index: RecordIndex;
  facts: StreamFacts | null;
  diagnostics: readonly Diagnostic[];
  done: boolean;
}

export interface Analysis<Args, Reply> {
  /** How many sessions a request must name (a diff takes two). */
  sessions: number;
  run(sessions: readonly SessionView[], args: Args): Reply | Promise<Reply>;
  /** Buffers of the reply to move to the page rather than copy. */
  transfer?(reply: Reply): Transferable[];
}
