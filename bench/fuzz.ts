/**
 * `npm run fuzz -- --cases N --seed S`: mutated streams of every kind and the real images' first
 * and last MiB through the scan and the field decode of every entry. A case fails on an
 * exception, an "internal error" diagnostic, a read larger than the read window, or taking over
 * 1 s. Failing inputs are minimised and written to fuzz-failures/; `--case K` replays one case.
 * Exit status: 0 no failure, 1 some, 2 bad arguments.
 */
import { mkdirSync, openSync, readSync, closeSync, fstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REAL_IMAGES, realImage } from '../test/support/shared.ts';
import { fuzzBase, generatedBases } from './fuzz/bases.ts';
import { fuzzCase, runCampaign } from './fuzz/campaign.ts';
import type { FuzzBase } from './fuzz/mutations.ts';
import { minimise, runCase } from './fuzz/runCase.ts';

const MiB = 1024 * 1024;
const SLOW_MS = 1000;

function readSlice(path: string, fromEnd: boolean): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(MiB, size);
    const buf = new Uint8Array(n);
    readSync(fd, buf, 0, n, fromEnd ? size - n : 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

async function realBases(): Promise<FuzzBase[]> {
  const out: FuzzBase[] = [];
  for (const name of Object.keys(REAL_IMAGES) as (keyof typeof REAL_IMAGES)[]) {
    const path = await realImage(name);
    out.push(await fuzzBase(`real ${name} first MiB`, readSlice(path, false)), await fuzzBase(`real ${name} last MiB`, readSlice(path, true)));
  }
  return out;
}

function count(v: string | undefined, fallback: number, what: string): number {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a whole number`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' }, case: { type: 'string' }, 'no-real': { type: 'boolean' }, out: { type: 'string' } } });
  const seed = count(values.seed, 1, '--seed');
  const bases = [...(await generatedBases()), ...(values['no-real'] ? [] : await realBases())];
  const limits = { slowMs: SLOW_MS };
  if (values.case !== undefined) {
    const c = fuzzCase(seed, count(values.case, 0, '--case'), bases);
    const r = await runCase(c.bytes, limits);
    console.log(`case ${values.case} (seed ${seed}): ${c.base}, ${c.applied.join(' + ')}, ${c.bytes.length} bytes, ${r.ms.toFixed(1)} ms: ${r.failure ? `${r.failure.kind}: ${r.failure.detail}` : 'ok'}`);
    return r.failure ? 1 : 0;
  }
  const cases = count(values.cases, 1000, '--cases');
  const t0 = performance.now();
  const result = await runCampaign({ seed, cases, bases, limits, onProgress: (n) => process.stderr.write(`\r${n} cases`) });
  process.stderr.write('\r'.padEnd(20) + '\r');
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${cases} cases, seed ${seed}, ${bases.length} bases: ${result.failures.length} failures in ${seconds.toFixed(1)} s; slowest case ${result.slowest.caseNumber} took ${result.slowest.ms.toFixed(1)} ms`);
  if (result.failures.length) {
    const dir = values.out ?? 'fuzz-failures';
    mkdirSync(dir, { recursive: true });
    for (const f of result.failures) {
      const small = await minimise(f.input, f.kind, limits);
      const file = join(dir, `seed${seed}-case${f.caseNumber}.bin`);
      writeFileSync(file, small);
      console.log(`case ${f.caseNumber}: ${f.kind} (${f.base}, ${f.applied.join(' + ')}); minimised to ${small.length} bytes in ${file}\n  ${f.detail.split('\n').slice(0, 3).join('\n  ')}`);
    }
  }
  return result.failures.length ? 1 : 0;
}

main().then(
  (status) => (process.exitCode = status),
  (e: unknown) => {
    console.error(`fuzz: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
