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
      const copy = structuredClone(m);
      port.received.push(copy);
      setTimeout(() => port.onmessage?.({ data: copy } as MessageEvent), 0);
    },
    sourceFor,
    progressMs: 10,
  });
  return port;
}
