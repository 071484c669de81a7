/**
 * `npm run bench` (second part): `xen-stream convert` of a generated legacy image against `cp` of
 * the same file, both measured in this run on this machine. Goal: convert at ≥ 80% of cp's speed.
 * The pages hold data (not holes): cp copies holes without reading them, so a sparse image would
 * time the file system's hole map, not a copy. Both timings end when the copy is on disk (convert
 * syncs before it renames; cp is followed by `sync FILE`), so neither is flattered by dirty pages
 * still in memory. 16 GiB by default; XSE_BENCH_CONVERT_GIB sets it.
 */
import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './repo.ts';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';

const GiB = 2 ** 30;

function timed(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => execFile(cmd, args, (e, _out, err) => (e ? fail(new Error(`${cmd} ${args.join(' ')} failed: ${err}`)) : done(performance.now() - t0))));
}

async function main(): Promise<void> {
  const gib = Number(process.env.XSE_BENCH_CONVERT_GIB ?? 16);
  const base = join(tmpdir(), `xse-bench-convert-${process.pid}`);
  const [input, copied, converted] = [`${base}.save`, `${base}.cp`, `${base}.v2`];
  try {
    const { size } = writeStreamFile({ guest: 'hvm', pages: (gib * GiB) / 4096, pageContent: 'pattern', legacy: {} }, input);
    console.log(`legacy image: ${input}, ${sizeText(size)} (xl, Xen 4.5 HVM, pages with data)`);
    const cpMs = await timed('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'sh', input, copied]);
    rmSync(copied);
    const convertMs = await timed(process.execPath, [join(REPO, 'bin/xen-stream.js'), 'convert', input, converted]);
    const out = statSync(converted).size;
    const speed = (bytes: number, ms: number) => `${sizeText((bytes / ms) * 1000)}/s`;
    console.log(`cp:                 ${cpMs.toFixed(0)} ms (${speed(size, cpMs)})`);
    console.log(`xen-stream convert: ${convertMs.toFixed(0)} ms (${speed(size, convertMs)}; scan, convert, verify and write ${sizeText(out)})`);
    const ratio = cpMs / convertMs;
    console.log(`convert / cp speed: ${(ratio * 100).toFixed(0)}% (goal ≥ 80%) ${ratio >= 0.8 ? 'met' : 'NOT MET'}`);
  } finally {
    for (const f of [input, copied, converted]) rmSync(f, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
