/**
 * `npm run bench`: our `verify` against Xen's verify-stream-v2 on the file shapes that matter,
 * both measured in this run on this machine: a 16 GiB sparse image of full batches (goal ≥ 100×,
 * bytes read ≤ 0.5%), and dense streams (goal ≥ 3×): a million one-page PAGE_DATA records, ten
 * million XTAB-only records, 100,000 checkpoints of a few pages. Then 1,000 files with
 * `verify -r --jobs`, against one job. XSE_BENCH_SCALE=0.1 runs every case at a tenth of its size.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO } from './repo.ts';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';
import { benchScale, denseCases, type Case } from './cases.ts';

const shared = [process.env.XSE_SHARED_DIR, resolve(REPO, '../shared')].find((d) => d && existsSync(join(d, 'tools/xen-upstream')));
const scale = benchScale(1);
const n = (count: number) => Math.max(1, Math.round(count * scale));
const CASES = denseCases(scale);

function run(cmd: string, args: string[]): Promise<{ ms: number; status: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((done) =>
    execFile(cmd, args, { maxBuffer: 256 << 20 }, (e, stdout) => done({ ms: performance.now() - t0, status: e ? Number(e.code ?? 99) : 0, stdout })),
  );
}

const cli = (...args: string[]) => run(process.execPath, [join(REPO, 'bin/xen-stream.js'), ...args]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function versusUpstream(dir: string, c: Case): Promise<void> {
  const file = join(dir, 'case.save');
  const t0 = performance.now();
  const { size } = writeStreamFile(c.spec, file);
  console.log(`\n${c.name}: ${sizeText(size)} (written in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const ours: number[] = [];
  let verdict = { bytesRead: 0, records: 0, valid: false };
  for (let i = 0; i < 3; i++) {
    const r = await cli('verify', '--json', file);
    verdict = JSON.parse(r.stdout);
    ours.push(r.ms);
  }
  const up = await run(join(shared!, 'tools/xen-upstream'), ['verify-stream-v2', '-f', 'xl', '-i', file]);
  const ratio = up.ms / median(ours);
  console.log(`  xen-stream verify:  ${median(ours).toFixed(0)} ms (median of 3), ${verdict.records} records, ${verdict.valid ? 'valid' : 'INVALID'}`);
  console.log(`  verify-stream-v2:   ${up.ms.toFixed(0)} ms${up.status === 0 ? '' : ` (exit ${up.status}: it does not follow checkpointed streams)`}`);
  console.log(`  ratio:              ${ratio.toFixed(1)}× faster (goal ≥ ${c.goal}×) ${ratio >= c.goal ? 'met' : 'NOT MET'}`);
  console.log(`  bytes read / size:  ${sizeText(verdict.bytesRead)} / ${sizeText(size)} = ${((100 * verdict.bytesRead) / size).toFixed(2)}%`);
  rmSync(file, { force: true });
}

async function manyFiles(dir: string): Promise<void> {
  const tree = join(dir, 'many');
  const count = n(1000);
  for (let i = 0; i < count; i++) {
    const sub = join(tree, String(i % 10));
    mkdirSync(sub, { recursive: true });
    writeStreamFile({ guest: i % 2 ? 'pv64' : 'hvm', pages: 256, batch: 16 }, join(sub, `${i}.save`));
  }
  const cores = availableParallelism();
  console.log(`\n${count} files (256 pages each) under one directory, verify -r --json:`);
  const one = await cli('verify', '-r', '--json', '--jobs', '1', tree);
  const all = await cli('verify', '-r', '--json', '--jobs', String(cores), tree);
  const lines = all.stdout.trim().split('\n').length;
  console.log(`  --jobs 1:  ${one.ms.toFixed(0)} ms`);
  console.log(`  --jobs ${cores}:  ${all.ms.toFixed(0)} ms, ${lines} lines: ${(one.ms / all.ms).toFixed(2)}× (on ${cores} cores)`);
}

async function main(): Promise<void> {
  if (!shared) throw new Error('shared folder with tools/xen-upstream not found; set XSE_SHARED_DIR');
  const dir = mkdtempSync(join(tmpdir(), 'xse-bench-'));
  try {
    const only = process.argv[2];
    for (const c of CASES) if (!only || c.name.includes(only)) await versusUpstream(dir, c);
    if (!only || only === 'files') await manyFiles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
