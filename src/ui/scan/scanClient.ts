/**
 * The page's end of the worker protocol: opens sessions (several may be open at once), drops
 * messages about sessions it closed, and turns requests and analyses into promises of replies.
 */
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import { PendingRequests, type AnalysisArgs, type AnalysisName, type AnalysisProgress, type AnalysisReply, type AnalysisRequest, type FromWorker, type Request, type RequestKind, type ScanInput, type ToWorker, type WorkerRequests } from '../../worker/protocol.ts';

/** A Worker, or anything that talks like one (tests run the worker's service in-process). */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
}

export type ScanEvent = Exclude<FromWorker, { type: 'reply' | 'analysisProgress' }>;

/** For a long analysis: where its progress goes, and the signal that cancels it. */
export interface AnalyseOptions {
  onProgress?: (p: AnalysisProgress) => void;
  signal?: AbortSignal;
}

export class ScanClient {
  private lastSession = 0;
  private readonly open = new Set<number>();
  private readonly pending = new PendingRequests();
  private readonly progressListeners = new Map<number, (p: AnalysisProgress) => void>();

  constructor(
    private readonly port: WorkerPort,
    private readonly onEvent: (e: ScanEvent) => void,
  ) {
    port.onmessage = (e) => this.receive(e.data);
  }

  /** Starts a session scanning `input`; returns its id. */
  openSession(input: ScanInput, legacy?: LegacyOverride): number {
    const session = ++this.lastSession;
    this.open.add(session);
    this.port.postMessage({ type: 'open', session, input, legacy });
    return session;
  }

  /** Stops the session's scan, keeping what it found. */
  cancel(session: number): void {
    this.port.postMessage({ type: 'cancel', session });
  }

  /** Stops the session and ignores anything more about it. */
  close(session: number): void {
    if (!this.open.delete(session)) return;
    this.port.postMessage({ type: 'close', session });
  }

  request<K extends RequestKind>(session: number, kind: K, args: WorkerRequests[K]['args']): Promise<WorkerRequests[K]['reply']> {
    const { id, reply } = this.pending.create<WorkerRequests[K]['reply']>();
    this.port.postMessage({ type: 'request', id, session, request: { kind, ...args } as Request });
    return reply;
  }

  analyse<K extends AnalysisName>(name: K, sessions: number[], args: AnalysisArgs<K>, options: AnalyseOptions = {}): Promise<AnalysisReply<K>> {
    const { id, reply } = this.pending.create<AnalysisReply<K>>();
    const { onProgress, signal } = options;
    if (onProgress) this.progressListeners.set(id, onProgress);
    const cancel = () => this.port.postMessage({ type: 'cancelAnalysis', id });
    signal?.addEventListener('abort', cancel, { once: true });
    this.port.postMessage({ type: 'analyse', id, analysis: { name, sessions, args } as AnalysisRequest });
    if (signal?.aborted) cancel();
    return reply.finally(() => {
      this.progressListeners.delete(id);
      signal?.removeEventListener('abort', cancel);
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === 'reply') this.pending.settle(m);
    else if (m.type === 'analysisProgress') this.progressListeners.get(m.id)?.(m.progress);
    else if (this.open.has(m.session)) this.onEvent(m);
  }
}
