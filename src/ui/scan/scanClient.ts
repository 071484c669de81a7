/**
 * The page's end of the worker protocol: opens sessions (several may be open at once), drops
 * messages about sessions it closed, and turns requests and analyses into promises of replies.
 */
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import { PendingRequests, type AnalysisArgs, type AnalysisName, type AnalysisReply, type AnalysisRequest, type FromWorker, type Request, type RequestKind, type ScanInput, type ToWorker, type WorkerRequests } from '../../worker/protocol.ts';

/** A Worker, or anything that talks like one (tests run the worker's service in-process). */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
}

export type ScanEvent = Exclude<FromWorker, { type: 'reply' }>;

export class ScanClient {
  private lastSession = 0;
  private readonly open = new Set<number>();
  private readonly pending = new PendingRequests();

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

  analyse<K extends AnalysisName>(name: K, sessions: number[], args: AnalysisArgs<K>): Promise<AnalysisReply<K>> {
    const { id, reply } = this.pending.create<AnalysisReply<K>>();
    this.port.postMessage({ type: 'analyse', id, analysis: { name, sessions, args } as AnalysisRequest });
    return reply;
  }

  private receive(m: FromWorker): void {
    if (m.type === 'reply') this.pending.settle(m);
    else if (this.open.has(m.session)) this.onEvent(m);
  }
}
