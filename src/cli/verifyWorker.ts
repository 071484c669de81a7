/** A worker thread of `verify --jobs N`: verifies each file it is sent and answers its outcome, in order. */
import { parentPort } from 'node:worker_threads';
import { verifyOne, type VerifyJob } from './verify.ts';

/** The jobs run one after another, so that the outcomes come back in the order sent. */
let last: Promise<void> = Promise.resolve();
parentPort?.on('message', (job: VerifyJob) => {
  last = last.then(() => verifyOne(job.path, job.opts)).then((outcome) => parentPort!.postMessage(outcome));
});
