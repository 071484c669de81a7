/**
 * `npm run bench`: our `verify` against Xen's verify-stream-v2 on a 16 GiB sparse HVM image,
 * both measured in this run on this machine. Goals: ratio ≥ 100, bytes read ≤ 0.5% of the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, existsSync(resolve(here, '../package.json')) ? '..' : '../..');
const shared = [process.env.XSE_SHARED_DIR, resolve(repo, '../shared')].find((d) => d && existsSync(join(d, 'tools/xen-upstream')));
const GiB = 2 ** 30;

function run(cmd: string, args: string[]): Promise<{ ms: number; status: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((done) =>
    execFile(cmd, args, { maxBuffer: 64 << 20 }, (e, stdout) => done({ ms: performance.now() - t0, status: e ? Number(e.code ?? 99) : 0, stdout })),
  );
}

async function main(): Promise<void> {
  if (!shared) throw new Error('shared folder with tools/xen-upstream not found; set XSE_SHARED_DIR');
  const file = join(tmpdir(), `xse-bench-16g-${process.pid}.save`);
  try {
    const { size } = writeStreamFile({ guest: 'hvm', pages: (16 * GiB) / 4096, pageContent: 'zero' }, file);
    console.log(`image: ${file}, ${sizeText(size)} (sparse HVM, xl → libxl → libxc v3, 4096 PAGE_DATA records)`);

    const ours: number[] = [];
    let bytesRead = 0;
    for (let i = 0; i < 5; i++) {
      const r = await run(process.execPath, [join(repo, 'bin/xen-stream.js'), 'verify', '--json', file]);
      if (r.status !== 0) throw new Error(`xen-stream verify failed (${r.status}): ${r.stdout}`);
      bytesRead = JSON.parse(r.stdout).bytesRead;
      ours.push(r.ms);
    }
    ours.sort((a, b) => a - b);
    const oursMs = ours[2]!;
    console.log(`xen-stream verify:  ${oursMs.toFixed(0)} ms (median of 5: ${ours.map((m) => m.toFixed(0)).join(', ')})`);

    const up = await run(join(shared, 'tools/xen-upstream'), ['verify-stream-v2', '-f', 'xl', '-i', file]);
    if (up.status !== 0) throw new Error(`verify-stream-v2 failed (${up.status})`);
    console.log(`verify-stream-v2:   ${up.ms.toFixed(0)} ms`);

    const ratio = up.ms / oursMs;
    const share = bytesRead / size;
    console.log(`ratio:              ${ratio.toFixed(1)}× faster (goal ≥ 100×) ${ratio >= 100 ? 'met' : 'NOT MET'}`);
    console.log(`bytes read / size:  ${sizeText(bytesRead)} / ${sizeText(size)} = ${(share * 100).toFixed(3)}% (goal ≤ 0.5%) ${share <= 0.005 ? 'met' : 'NOT MET'}`);
  } finally {
    rmSync(file, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
