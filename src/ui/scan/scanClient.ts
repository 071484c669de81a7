/**
 * The page's end of the worker protocol: opens scans, drops messages about scans that a newer
 * open replaced, and turns requests into promises of their replies.
 */
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import { PendingRequests, type FromWorker, type Request, type RequestKind, type ScanInput, type ToWorker, type WorkerRequests } from '../../worker/protocol.ts';

/** A Worker, or anything that talks like one (tests run the worker's service in-process). */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
}

export type ScanEvent = Exclude<FromWorker, { type: 'reply' }>;

export class ScanClient {
  private scan = 0;
  private readonly pending = new PendingRequests();

  constructor(
    private readonly port: WorkerPort,
    private readonly onEvent: (e: ScanEvent) => void,
  ) {
    port.onmessage = (e) => this.receive(e.data);
  }

  get currentScan(): number {
    return this.scan;
  }

  /** Starts a scan, cancelling the one in flight; returns its number. */
  open(input: ScanInput, legacy?: LegacyOverride): number {
    this.scan++;
    this.port.postMessage({ type: 'open', scan: this.scan, input, legacy });
    return this.scan;
  }

  cancel(): void {
    this.port.postMessage({ type: 'cancel', scan: this.scan });
  }

  /** Cancels the scan and ignores anything more about it. */
  close(): void {
    this.cancel();
    this.scan++;
  }

  request<K extends RequestKind>(kind: K, args: WorkerRequests[K]['args']): Promise<WorkerRequests[K]['reply']> {
    const { id, reply } = this.pending.create<K>();
    this.port.postMessage({ type: 'request', id, scan: this.scan, request: { kind, ...args } as Request });
    return reply;
  }

  private receive(m: FromWorker): void {
    if (m.type === 'reply') this.pending.settle(m);
    else if (m.scan === this.scan) this.onEvent(m);
  }
}
