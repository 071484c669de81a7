/** The module worker the explorer scans in: the scan service bound to the worker's port. */
import type { ToWorker } from './protocol.ts';
import { createScanService } from './scanService.ts';
import { sourceFor } from './sources.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createScanService({ post: (m, transfer) => scope.postMessage(m, transfer), sourceFor });
scope.onmessage = (e: MessageEvent<ToWorker>) => handle(e.data);
