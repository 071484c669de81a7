/**
 * `npm run bench:browser`: the scan in headless Chromium over a File, as the explorer runs it
 * (a module worker, BlobSource reads), on a 5 GiB sparse HVM image. Prints the median scan time,
 * reads, and time per read: in the browser each File read costs about a millisecond, so reads
 * are what the scan's speed comes down to.
 */
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The compiled decoder: this script runs as dist/bench/browser-scan.js, beside dist/src. */
const dist = resolve(here, '..');

/** The page: a file input and a module worker that scans what it is given. */
const PAGE = `<input type=file id=f><script type=module>
const worker = () => new Worker('/worker.js', { type: 'module' });
window.scan = (file) => new Promise((done) => { const w = worker(); w.onmessage = (e) => { done(e.data); w.terminate(); }; w.postMessage(file); });
</script>`;
const WORKER = `import { scanStream } from './src/decoder/scan/scanStream.js';
import { BlobSource } from './src/decoder/bytes/BlobSource.js';
onmessage = async (e) => {
  const t = performance.now();
  const r = await scanStream(new BlobSource(e.data));
  postMessage({ ms: performance.now() - t, records: r.index.count, reads: r.reads, bytesRead: r.bytesRead, errors: r.counts.error });
};`;

async function main(): Promise<void> {
  const file = join(tmpdir(), `xse-bench-5g-${process.pid}.save`);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (url === '/worker.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER);
    const path = join(dist, url);
    if (!path.startsWith(dist) || !existsSync(path) || extname(path) !== '.js') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const { size } = writeStreamFile({ guest: 'hvm', pages: (5 * 2 ** 30) / 4096, pageContent: 'zero' }, file);
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.setInputFiles('#f', file);
    type Run = { ms: number; records: number; reads: number; bytesRead: number; errors: number };
    const runs: Run[] = [];
    // A string, evaluated in the page: this file is compiled without the DOM's types.
    for (let i = 0; i < 5; i++) runs.push(await page.evaluate<Run>("scan(document.getElementById('f').files[0])"));
    runs.sort((a, b) => a.ms - b.ms);
    const m = runs[2]!;
    if (m.errors) throw new Error(`scan found ${m.errors} errors`);
    console.log(`image: ${sizeText(size)} sparse HVM, ${m.records} records`);
    console.log(`scan in Chromium: ${m.ms.toFixed(0)} ms (median of 5: ${runs.map((r) => r.ms.toFixed(0)).join(', ')})`);
    console.log(`reads: ${m.reads} (${(m.ms / m.reads).toFixed(2)} ms each), ${sizeText(m.bytesRead)} read (${((100 * m.bytesRead) / size).toFixed(2)}% of the file)`);
    console.log(`at this rate a 100 GiB image indexes in about ${((m.ms / size) * 100 * 2 ** 30 / 1000).toFixed(0)} s`);
  } finally {
    await browser.close();
    server.close();
    rmSync(file, { force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
