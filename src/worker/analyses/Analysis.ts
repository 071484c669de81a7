/**
 * What an analysis is: a module that works on the index of one or more open sessions (the
 * guest memory model, overviews binned for a picture, a diff of two files), with its own typed
 * arguments and reply. The worker runs it on request; see docs/architecture.md.
 */
import type { ByteSource } from '../../decoder/bytes/ByteSource.ts';
import type { GuestMemory } from '../../decoder/memory/GuestMemory.ts';
import type { Diagnostic } from '../../decoder/model/Diagnostic.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import type { IndexSummary } from '../../decoder/overview/IndexSummary.ts';
import type { StreamFacts } from '../../decoder/core/facts.ts';
import type { ScanResult } from '../../decoder/scan/scanStream.ts';

/** One open file as an analysis sees it: live while its scan runs (`done` false). */
export interface SessionView {
  id: number;
  source: ByteSource;
  index: RecordIndex;
  facts: StreamFacts | null;
  diagnostics: readonly Diagnostic[];
  /** The guest memory model the scan builds (live, like the index). */
  memory: GuestMemory | null;
  /** The scan's sums for the overviews (rounds, statistics), of the entries settled so far. */
  summary: IndexSummary;
  /** The finished scan (vCPU state, conversion), or null while it runs or when it was cancelled. */
  result: ScanResult | null;
  done: boolean;
}

/** How far a long analysis has gone (a search's bytes, a diff's pages). */
export interface AnalysisProgress {
  done: number;
  total: number;
}

/** What a run gets besides its sessions: the page's Cancel, and a place to report progress. */
export interface AnalysisJob {
  /** Aborted when the page cancels the request: stop soon and reply with what was found. */
  signal: AbortSignal;
  /** Reports progress; the worker passes it on at most every few tens of milliseconds. */
  progress(p: AnalysisProgress): void;
}

export interface Analysis<Args, Reply> {
  /** How many sessions a request must name (a diff takes two). */
  sessions: number;
  run(sessions: readonly SessionView[], args: Args, job: AnalysisJob): Reply | Promise<Reply>;
  /** Buffers of the reply to move to the page rather than copy. */
  transfer?(reply: Reply): Transferable[];
}
