/** Work spread over worker threads (`verify --jobs N`), each result handed on as it comes. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The compiled module `name` of this folder, for a worker to load: beside the running code, in
 * the bin's bundle (dist/cli/) or tsc's output (dist/src/cli/). Tests run this module from its
 * TypeScript source, and Node 20 workers cannot load TypeScript: they use tsc's output
 * (`npm test` builds it first).
 */
export function workerModule(name: string): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.ts') ? here.replace(/[/\\]src[/\\]cli[/\\]verifyPool\.ts$/, `/dist/src/cli/${name}.js`) : join(dirname(here), `${name}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build:cli`);
  return path;
}

export interface PoolTask<J, O> {
  /** The worker module: answers each job message with one outcome message. */
  module: string;
  threads: number;
  /** An outcome without a worker (a job known to fail), or undefined to send the job. */
  settle(job: J): O | undefined;
  /** The outcome when the worker dies on a job. */
  crashed(job: J, e: Error): O;
  done(outcome: O): void;
}

/**
 * Sends each job to one of `threads` workers and hands its outcome to `done` as soon as it is
 * ready. Only `threads` jobs are in flight and the jobs are pulled as workers free up, so memory
 * stays bounded whatever their number.
 */
export async function runInWorkers<J, O>(jobs: AsyncIterable<J>, task: PoolTask<J, O>): Promise<void> {
  const list = jobs[Symbol.asyncIterator]();
  const runWorker = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      for (let next = await list.next(); !next.done; next = await list.next()) {
        const job = next.value;
        const settled = task.settle(job);
        if (settled !== undefined) {
          task.done(settled);
          continue;
        }
        const w = (worker ??= new Worker(task.module));
        task.done(
          await new Promise<O>((resolve) => {
            const fail = (e: Error) => {
              // A worker that failed is gone: the next job gets a new one.
              worker = undefined;
              resolve(task.crashed(job, e));
            };
            w.once('error', fail);
            w.once('message', (o: O) => {
              w.off('error', fail);
              resolve(o);
            });
            w.postMessage(job);
          }),
        );
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, task.threads) }, runWorker));
}
