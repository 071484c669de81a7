/**
 * The scan worker's service run in-process behind a Worker-like port, so that component tests
 * exercise the real protocol, scanner and decoder without a browser. Messages from the worker
 * go through structuredClone as they would through postMessage.
 */
import type { ByteSource } from '../../../src/decoder/bytes/ByteSource.ts';
import type { FromWorker, ScanInput, ToWorker } from '../../../src/worker/protocol.ts';
import { createScanService } from '../../../src/worker/scanService.ts';
import { sourceFor as realSourceFor } from '../../../src/worker/sources.ts';
import type { WorkerPort } from '../../../src/ui/scan/scanClient.ts';

export interface LocalWorker extends WorkerPort {
  /** Every message the page sent, for tests about what was asked of the worker. */
  sent: ToWorker[];
  /** Every message the worker posted, including those the page ignores. */
  received: FromWorker[];
}

/**
 * Resolves once the in-process worker has taken every message posted before the call: it takes
 * each a turn of the event loop later (as a real worker does), so a test that releases a held scan
 * right after cancelling it may see the scan finish first.
 */
export const workerTurn = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export function localWorker(sourceFor: (input: ScanInput) => ByteSource = realSourceFor): LocalWorker {
  const port: LocalWorker = {
    sent: [],
    received: [],
    onmessage: null,
    postMessage(m) {
      port.sent.push(m);
      setTimeout(() => handle(m), 0);
    },
  };
  const handle = createScanService({
    post: (m) => {
      const copy = cloneMessage(m);
      port.received.push(copy);
      setTimeout(() => port.onmessage?.({ data: copy } as MessageEvent), 0);
    },
    sourceFor,
    progressMs: 10,
  });
  return port;
}

/**
 * structuredClone, as postMessage does it; a converted stream's Blob is passed on as it is,
 * as a browser passes a Blob (a handle to the same bytes), which Node cannot clone from jsdom.
 */
function cloneMessage(m: FromWorker): FromWorker {
  if (m.type !== 'reply' || !m.ok || !(m.value instanceof Object) || !('blob' in m.value)) return structuredClone(m);
  const { blob, ...rest } = m.value;
  return { ...m, value: { ...structuredClone(rest), blob } } as FromWorker;
}
