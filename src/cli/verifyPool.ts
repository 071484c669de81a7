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
  /**
   * The job done in this thread, if it can be: then one of the `threads` is this one, which has
   * the code loaded and warm already, where a worker starts cold.
   */
  here?(job: J): Promise<O>;
}

/**
 * Jobs each worker holds at once: it starts the next as soon as it answers one, instead of
 * waiting a round trip through this thread for it (a fifth of a worker's time on small files).
 */
export const WORKER_DEPTH = 2;

/**
 * Sends each job to one of `threads` workers and hands its outcome to `done` as soon as it is
 * ready. At most WORKER_DEPTH jobs a worker are in flight and the jobs are pulled as workers
 * free up, so memory stays bounded whatever their number. A worker answers its jobs in the order
 * sent (verifyWorker.ts runs them one after another).
 */
export async function runInWorkers<J, O>(jobs: AsyncIterable<J>, task: PoolTask<J, O>): Promise<void> {
  const list = jobs[Symbol.asyncIterator]();
  const runWorker = async (): Promise<void> => {
    let worker: Worker | undefined;
    /** Jobs sent to `worker` and not yet answered, oldest first. */
    const sent: { job: J; answer: (o: O) => void }[] = [];
    const send = (s: { job: J; answer: (o: O) => void }) => {
      worker ??= start();
      sent.push(s);
      worker.postMessage(s.job);
    };
    const start = () => {
      const w = new Worker(task.module);
      w.on('message', (o: O) => sent.shift()?.answer(o));
      w.once('error', (e: Error) => {
        // The job it was running killed it; the jobs after it go to a new worker.
        worker = undefined;
        const [failed, ...rest] = sent.splice(0);
        failed?.answer(task.crashed(failed.job, e));
        rest.forEach(send);
      });
      return w;
    };
    const outcomes: Promise<O>[] = [];
    try {
      for (let listed = true; ; ) {
        while (listed && outcomes.length < WORKER_DEPTH) {
          const next = await list.next();
          if ((listed = !next.done)) {
            const job = next.value as J;
            const settled = task.settle(job);
            outcomes.push(settled !== undefined ? Promise.resolve(settled) : new Promise<O>((answer) => send({ job, answer })));
          }
        }
        const outcome = outcomes.shift();
        if (!outcome) break;
        task.done(await outcome);
      }
    } finally {
      await worker?.terminate();
    }
  };
  /** This thread's share: a job at a time (its scans let the workers' messages in as they go). */
  const runHere = async (here: (job: J) => Promise<O>): Promise<void> => {
    for (let next = await list.next(); !next.done; next = await list.next()) task.done(task.settle(next.value) ?? (await here(next.value)));
  };
  const threads = Math.max(1, task.threads);
  const workers = task.here ? threads - 1 : threads;
  await Promise.all([...(task.here ? [runHere(task.here)] : []), ...Array.from({ length: workers }, runWorker)]);
}
