/**
 * `npm run bench:diff`: comparing two big generated images (16 GiB each; a page in every 1024
 * differs) against reading both files sequentially, measured in this run on this machine. Goal:
 * the page comparison reads each page once (bytes read = pages × 4 KiB per file) at ≥ 80% of
 * sequential read speed. The scans that build the memory models are timed apart: they read
 * record headers only. XSE_BENCH_SCALE=0.1 runs at a tenth of the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffMemory } from '../src/decoder/diff/memoryDiff.ts';
import { WINDOW_BYTES } from '../src/decoder/diff/pageWindows.ts';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { scanStream } from '../src/decoder/scan/scanStream.ts';
import { FileSource } from '../src/node/FileSource.ts';
import { nativeSameBytes } from '../src/node/sameBytes.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';

const scale = Number(process.env.XSE_BENCH_SCALE ?? 1);
const GiB = 2 ** 30;
const pages = Math.max(1024, Math.round((scale * 16 * GiB) / 4096));
/** Every 1024th page of B differs; the rest are zero pages (holes: the files cost little disk). */
const EVERY = 1024;
const marked = new Uint8Array(4096).fill(0x5a);

/** Reads the whole file front to back, in reads of `size` bytes. */
async function readAll(source: FileSource, size: number): Promise<number> {
  let n = 0;
  for (let at = 0; at < source.size; at += size) n += (await source.read(at, Math.min(size, source.size - at))).length;
  return n;
}

/** Sequential reads of both files at the best of a few read sizes: the baseline is not handicapped. */
async function sequential(sa: FileSource, sb: FileSource): Promise<{ seconds: number; bytes: number; size: number }> {
  let best = { seconds: Infinity, bytes: 0, size: 0 };
  for (const size of [WINDOW_BYTES, 8 << 20, 32 << 20]) {
    const t0 = performance.now();
    const bytes = (await readAll(sa, size)) + (await readAll(sb, size));
    const s = seconds(t0);
    if (s < best.seconds) best = { seconds: s, bytes, size };
  }
  return best;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xse-diff-bench-'));
  try {
    const [a, b] = [join(dir, 'a.save'), join(dir, 'b.save')];
    writeStreamFile({ pages, pageContent: 'zero' }, a);
    const { size } = writeStreamFile({ pages, pageContent: 'zero', image: { page: (pfn) => (pfn % EVERY === 0 ? marked : undefined) } }, b);
    console.log(`two images of ${sizeText(size)} (${pages} pages each, every ${EVERY}th differs)`);
    const [sa, sb] = [new FileSource(a), new FileSource(b)];
    let t0 = performance.now();
    const [ma, mb] = [(await scanStream(sa, { memory: true })).memory!, (await scanStream(sb, { memory: true })).memory!];
    console.log(`  scans (memory models):  ${seconds(t0).toFixed(2)} s`);
    const rounds = [];
    for (let i = 0; i < 3; i++) {
      const { seconds: baseline, bytes: seq, size: readSize } = await sequential(sa, sb);
      t0 = performance.now();
      const d = await diffMemory({ source: sa, memory: ma }, { source: sb, memory: mb }, { sameBytes: nativeSameBytes });
      const diff = seconds(t0);
      rounds.push({ baseline, diff, seq, d, readSize });
    }
    rounds.sort((x, y) => x.diff / x.baseline - y.diff / y.baseline);
    const { baseline, diff, seq, d, readSize } = rounds[1]!;
    const expected = Math.floor((pages - 1) / EVERY) + 1;
    console.log(`  sequential read of both: ${baseline.toFixed(2)} s, ${sizeText(seq)} (${(seq / GiB / baseline).toFixed(2)} GiB/s, best read size ${sizeText(readSize)})`);
    console.log(`  page comparison:         ${diff.toFixed(2)} s, windows of ${sizeText(WINDOW_BYTES)}, ${sizeText(d.bytesRead[0] + d.bytesRead[1])} (${((d.bytesRead[0] + d.bytesRead[1]) / GiB / diff).toFixed(2)} GiB/s)`);
    console.log(`  changed pages:           ${d.pages.changed} (expected ${expected}), same ${d.pages.same}`);
    const once = d.bytesRead.map((n) => n / (pages * 4096));
    console.log(`  bytes read per page:     A ${once[0]!.toFixed(3)}×, B ${once[1]!.toFixed(3)}× of one 4 KiB read each (goal: each page once)`);
    const speed = baseline / diff;
    console.log(`  speed vs sequential:     ${(100 * speed).toFixed(0)}% (median of 3; goal ≥ 80%) ${speed >= 0.8 ? 'met' : 'NOT MET'}`);
    if (d.pages.changed !== expected) process.exitCode = 1;
    sa.close();
    sb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
