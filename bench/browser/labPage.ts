/**
 * A bare page beside the app, served from the compiled decoder (dist/): a file input and a module
 * worker (a fresh one per run) that, given the file, scans it as the explorer's worker does
 * (BlobSource reads), with or without the overviews' model, sums and analyses
 * (bench/overviews.ts), reads it sequentially with File.slice in the search's windows (what the
 * browser can read at best), or searches it. It gives what the app does not show: the scan's
 * reads and bytes read.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { SEARCH_WINDOW } from '../../src/decoder/search/searchSource.ts';

const PAGE = `<input type=file id=f><script type=module>
const worker = () => new Worker('/worker.js', { type: 'module' });
window.run = (kind) => new Promise((done) => { const w = worker(); w.onmessage = (e) => { done(e.data); w.terminate(); }; w.postMessage({ kind, file: document.getElementById('f').files[0] }); });
</script>`;

const WORKER = `import { scanStream } from './src/decoder/scan/scanStream.js';
import { BlobSource } from './src/decoder/bytes/BlobSource.js';
import { parseQuery } from './src/decoder/search/pattern.js';
import { searchSource } from './src/decoder/search/searchSource.js';
import { scanWithOverviews } from './bench/overviews.js';
const cases = {
  async scan(file) {
    const r = await scanStream(new BlobSource(file));
    return { records: r.index.count, reads: r.reads, bytesRead: r.bytesRead, errors: r.counts.error };
  },
  async overviews(file) {
    const { r } = await scanWithOverviews(new BlobSource(file));
    return { records: r.index.count, errors: r.counts.error };
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

export type LabCase = 'scan' | 'overviews' | 'read' | 'search';
/** What the lab page's run(kind) gives: the time taken, and the case's own counts. */
export interface LabRun {
  ms: number;
  records?: number;
  reads?: number;
  bytesRead?: number;
  errors?: number;
  matches?: number;
}

/** Serves the lab page and the compiled decoder under `dist` on a free port; gives its URL. */
export async function serveLabPage(dist: string): Promise<{ url: string; close(): void }> {
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
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** The script that runs one case in the lab page, for Driver.script. */
export const labRun = (kind: LabCase) => `run('${kind}')`;
