/**
 * The one protocol between the page and the scan worker (both sides import it). The page opens
 * files or built-in samples as sessions, numbered by the page; several may be open at once. The
 * worker streams each session's index, diagnostics and facts as its scan goes, answers requests
 * about one session (a record's field tree, a byte range) and runs analyses over one or more
 * (see analyses/registry.ts), all by request id. Messages about a closed session are ignored.
 */
import type { OutputFormat } from '../convert/convertLegacy.ts';
import type { ScanProgress } from '../decoder/core/progress.ts';
import type { Diagnostic } from '../decoder/model/Diagnostic.ts';
import type { LegacyOverride } from '../decoder/legacy/shape.ts';
import type { PageCopy } from '../decoder/memory/pageCopies.ts';
import type { Field } from '../decoder/model/Field.ts';
import type { IndexBatch } from '../decoder/model/RecordIndex.ts';
import type { FormatKind } from '../decoder/core/FormatKind.ts';
import type { StreamFacts } from '../decoder/core/facts.ts';
import type { AnalysisProgress } from './analyses/Analysis.ts';
import type { AnalysisArgs, AnalysisName, AnalysisReply } from './analyses/registry.ts';

// The page names analyses and their types through this module only.
export type { AnalysisArgs, AnalysisName, AnalysisProgress, AnalysisReply };

export type { ScanProgress };

/** What to scan: a dropped or picked file, or a built-in sample the worker builds itself. */
export type ScanInput = { kind: 'file'; file: Blob; name: string } | { kind: 'sample'; name: string };

export type Counts = { error: number; warning: number; info: number };

export interface WorkerRequests {
  /** The field tree of index entry `record`. */
  decode: { args: { record: number }; reply: Field[] };
  /** Bytes [offset, offset + length), shorter at the end of the file. */
  read: { args: { offset: number; length: number }; reply: Uint8Array };
  /** A legacy stream converted to v2, as a Blob of slices of the file (flat memory), or why not. */
  convert: { args: { format?: OutputFormat }; reply: ConvertReply };
  /** Every entry naming guest PFN `pfn`, oldest first (Find PFN). */
  pfnCopies: { args: { pfn: number }; reply: PageCopy[] };
  /** The guest's memory as an ELF core or a raw image: a Blob of slices of the file (flat memory), or why not. */
  exportMemory: { args: { format: MemoryExportFormat }; reply: ExportMemoryReply };
}

export type MemoryExportFormat = 'elf' | 'raw';

export type ExportMemoryReply =
  /** `leftOut`: pages sent compressed (a legacy Remus checkpoint), not in the export. */
  | { ok: true; blob: Blob; format: MemoryExportFormat; pages: number; leftOut: number }
  | { ok: false; reason: string };

export type ConvertReply =
  | { ok: true; blob: Blob; format: OutputFormat; checkpoint: number; checkpoints: number; warnings: string[] }
  | { ok: false; reason: string; offset: number };
export type RequestKind = keyof WorkerRequests;
export type Request = { [K in RequestKind]: { kind: K } & WorkerRequests[K]['args'] }[RequestKind];

/** An analysis to run: its name, the sessions it works on, its own arguments. */
export type AnalysisRequest = { [K in AnalysisName]: { name: K; sessions: number[]; args: AnalysisArgs<K> } }[AnalysisName];

/** The largest byte range one `read` may ask for. */
export const MAX_READ = 16 * 1024 * 1024;

export type ToWorker =
  /** `legacy`: a legacy stream's toolstack width and guest type, when the user says them. */
  | { type: 'open'; session: number; input: ScanInput; legacy?: LegacyOverride }
  /** Stops the session's scan; what it found stays open. */
  | { type: 'cancel'; session: number }
  /** Stops the scan and forgets the session. */
  | { type: 'close'; session: number }
  | { type: 'request'; id: number; session: number; request: Request }
  | { type: 'analyse'; id: number; analysis: AnalysisRequest }
  /** Cancels analysis `id`: it stops soon and replies with what it has. */
  | { type: 'cancelAnalysis'; id: number };

export type FromWorker =
  /** `fingerprint`: what a permalink carries to recognise the file (see fingerprint.ts). */
  | { type: 'opened'; session: number; name: string; size: number; fingerprint: string }
  | {
      type: 'progress';
      session: number;
      progress: ScanProgress;
      /** New index entries, overlapping by one: the entry being scanned may have changed since. */
      batch: IndexBatch | null;
      /** Diagnostics from number `diagnosticsStart` on. */
      diagnostics: Diagnostic[];
      diagnosticsStart: number;
      facts: StreamFacts;
      counts: Counts;
    }
  | { type: 'done'; session: number; format: FormatKind; counts: Counts; cancelled: boolean; bytesRead: number; reads: number }
  | { type: 'failed'; session: number; message: string }
  /** How far analysis `id` has gone; sent while it runs, a few times a second. */
  | { type: 'analysisProgress'; id: number; progress: AnalysisProgress }
  | { type: 'reply'; id: number; ok: true; value: WorkerRequests[RequestKind]['reply'] | AnalysisReply<AnalysisName> }
  | { type: 'reply'; id: number; ok: false; error: string };

export type ReplyMessage = Extract<FromWorker, { type: 'reply' }>;

/** What one progress message brings the page. */
export type ProgressUpdate = Omit<Extract<FromWorker, { type: 'progress' }>, 'type' | 'session'>;

/** The page's side of request/reply: numbers requests and settles them when replies come. */
export class PendingRequests {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** Registers a request; returns its id and the promise of its reply (of type `R`). */
  create<R>(): { id: number; reply: Promise<R> } {
    const id = this.next++;
    const reply = new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    return { id, reply };
  }

  settle(m: ReplyMessage): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error(m.error));
  }

  /** Fails every request still waiting (the worker was replaced). */
  rejectAll(reason: string): void {
    for (const w of this.waiting.values()) w.reject(new Error(reason));
    this.waiting.clear();
  }

  get size(): number {
    return this.waiting.size;
  }
}
