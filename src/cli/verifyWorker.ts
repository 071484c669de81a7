/** A worker thread of `verify --jobs N`: verifies each file it is sent and answers its outcome. */
import { parentPort } from 'node:worker_threads';
import { verifyOne, type VerifyJob } from './verify.ts';

parentPort?.on('message', (job: VerifyJob) => {
  void verifyOne(job.path, job.opts).then((outcome) => parentPort!.postMessage(outcome));
});
