/**
 * `npm run bench:browser`: the scan in headless Chromium over a File, as the explorer runs it
 * (a module worker, BlobSource reads), on a 5 GiB sparse HVM image. Prints the median scan time,
 * reads, and time per read: in the browser each File read costs about a millisecond, so reads
 * are what the scan's speed comes down to.
 *
 * Then search: the worker's windowed search for "Linux version" against a plain sequential
 * File.slice read of the same file in the same windows (the most any search over File reads
 * can do), on the sparse image and on the real HVM image; goal: search at ≥ 80% of that rate.
 */
import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { sizeText } from '../src/decoder/dissect/show.ts';
import { SEARCH_WINDOW } from '../src/decoder/search/searchSource.ts';
import { writeStreamFile } from '../src/node/writeStream.ts';
import { realImage } from '../test/support/shared.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The compiled decoder: this script runs as dist/bench/browser-scan.js, beside dist/src. */
const dist = resolve(here, '..');

/** The page: a file input and a module worker that scans what it is given. */
const PAGE = `<input type=file id=f><script type=module>
const worker = () => new Worker('/worker.js', { type: 'module' });
window.run = (kind) => new Promise((done) => { const w = worker(); w.onmessage = (e) => { done(e.data); w.terminate(); }; w.postMessage({ kind, file: document.getElementById('f').files[0] }); });
</script>`;
const WORKER = `import { scanStream } from './src/decoder/scan/scanStream.js';
import { BlobSource } from './src/decoder/bytes/BlobSource.js';
import { parseQuery } from './src/decoder/search/pattern.js';
import { searchSource } from './src/decoder/search/searchSource.js';
const cases = {
  async scan(file) {
    const r = await scanStream(new BlobSource(file));
    return { records: r.index.count, reads: r.reads, bytesRead: r.bytesRead, errors: r.counts.error };
  },
  async read(file) {
    for (let at = 0; at < file.size; at += ${SEARCH_WINDOW}) await file.slice(at, at + ${SEARCH_WINDOW}).arrayBuffer();
    return {};
  },
  async search(file) {
    // With a signal, as the explorer's search has (it then lets Cancel in every 50 ms).
    const r = await searchSource(new BlobSource(file), parseQuery({ kind: 'ascii', text: 'Linux version' }).pattern, 0, file.size, { signal: new AbortController().signal });
    return { matches: r.matches.length };
  },
};
onmessage = async (e) => {
  const t = performance.now();
  const r = await cases[e.data.kind](e.data.file);
  postMessage({ ms: performance.now() - t, ...r });
};`;

/** Median of 3 sequential reads and 3 searches of the file in the input, taken in turns. */
async function searchCase(page: Page, name: string, size: number): Promise<void> {
  type Timed = { ms: number; matches?: number };
  const reads: Timed[] = [];
  const searches: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    reads.push(await page.evaluate<Timed>("run('read')"));
    searches.push(await page.evaluate<Timed>("run('search')"));
  }
  const median = (t: Timed[]) => [...t].sort((a, b) => a.ms - b.ms)[1]!;
  const rate = (t: Timed) => size / 1e6 / (t.ms / 1000);
  const read = median(reads);
  const search = median(searches);
  console.log(`search of ${name} (${sizeText(size)}, ${search.matches} matches of "Linux version"):`);
  console.log(`  sequential File.slice read: ${rate(read).toFixed(0)} MB/s (${read.ms.toFixed(0)} ms; ${reads.map((r) => r.ms.toFixed(0)).join(', ')})`);
  console.log(`  search:                     ${rate(search).toFixed(0)} MB/s (${search.ms.toFixed(0)} ms; ${searches.map((r) => r.ms.toFixed(0)).join(', ')})`);
  console.log(`  search / read: ${((100 * rate(search)) / rate(read)).toFixed(0)}% (goal ≥ 80%)`);
}

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
    for (let i = 0; i < 5; i++) runs.push(await page.evaluate<Run>("run('scan')"));
    runs.sort((a, b) => a.ms - b.ms);
    const m = runs[2]!;
    if (m.errors) throw new Error(`scan found ${m.errors} errors`);
    console.log(`image: ${sizeText(size)} sparse HVM, ${m.records} records`);
    console.log(`scan in Chromium: ${m.ms.toFixed(0)} ms (median of 5: ${runs.map((r) => r.ms.toFixed(0)).join(', ')})`);
    console.log(`reads: ${m.reads} (${(m.ms / m.reads).toFixed(2)} ms each), ${sizeText(m.bytesRead)} read (${((100 * m.bytesRead) / size).toFixed(2)}% of the file)`);
    console.log(`at this rate a 100 GiB image indexes in about ${((m.ms / size) * 100 * 2 ** 30 / 1000).toFixed(0)} s`);
    await searchCase(page, 'the 5 GiB sparse image', size);
    const real = await realImage('hvm');
    await page.setInputFiles('#f', real);
    await searchCase(page, 'the real HVM image', statSync(real).size);
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
