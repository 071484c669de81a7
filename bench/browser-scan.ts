/**
 * `npm run bench:browser`: the explorer in headless Chromium and Firefox ESR (Debian's, never a
 * download), given a File from disk, on the file shapes of issue 12 (bench/cases.ts, scaled by
 * XSE_BENCH_SCALE, 0.1 unless set) and the real HVM image. Per browser and file: the explorer's
 * index time against a sequential File.slice read of the same file in the same run, reads and
 * bytes read (from the same scan in a bare worker, bench/browser/labPage.ts), frames over 50 ms
 * while indexing and the time to the first records on screen (bench/browser/appMonitor.ts).
 * On the XTAB-only file, the timeline's smoothness: wheel, scrollbar drag, Home/End, type filter.
 * Then search against a sequential read on the real HVM image. The results also go to
 * bench-results/browser-<date>.json, or to $XSE_BENCH_JSON. `npm run bench:browser -- XTAB`
 * runs the cases whose name holds that word; XSE_BENCH_BROWSERS=chromium runs one browser.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeStreamFile } from '../src/node/writeStream.ts';
import { serveBuiltApp } from '../test/e2e/support/builtApp.ts';
import { DRIVERS, type Driver } from '../test/e2e/support/driver.ts';
import { realImage, REAL_IMAGES } from '../test/support/shared.ts';
import { APP_SCAN, COMMONEST_TYPE, FRAMES, MONITOR, RESET_FRAMES, scrollTimeline, type AppScan } from './browser/appMonitor.ts';
import { labRun, serveLabPage, type LabRun } from './browser/labPage.ts';
import { newResults, printFile, printSearch, printSmoothness, writeResults, type Results } from './browser/report.ts';
import { benchScale, denseCases } from './cases.ts';
import { REPO } from './repo.ts';

/** The compiled decoder: this script runs as dist/bench/browser-scan.js, beside dist/src. */
const dist = join(REPO, 'dist');
const scale = benchScale(0.1);
/** How long the explorer may take to index one file before the bench gives up. */
const INDEX_TIMEOUT_MS = 30 * 60_000;

interface BenchFile {
  name: string;
  path: string;
  /** The file whose timeline is scrolled and filtered (the most records). */
  timeline: boolean;
}

/** Gives the explorer the file and waits for the scan to finish. */
async function indexInApp(d: Driver, appUrl: string, path: string): Promise<AppScan> {
  await d.goto(appUrl);
  await d.script(MONITOR);
  await d.upload('input[aria-label="Open a save image"]', path);
  const until = Date.now() + INDEX_TIMEOUT_MS;
  for (;;) {
    const s = await d.script<AppScan>(APP_SCAN);
    if (s.failed) throw new Error(`${d.browser} could not read ${path}`);
    if (s.indexMs) return s;
    if (Date.now() > until) throw new Error(`${d.browser} did not index ${path} within ${INDEX_TIMEOUT_MS / 60_000} min`);
    await sleep(250);
  }
}

/** The frames over 50 ms while `act` runs and for a second after. */
async function framesDuring(d: Driver, act: () => Promise<unknown>): Promise<number[]> {
  await d.script(RESET_FRAMES);
  await act();
  await sleep(1000);
  return d.script<number[]>(FRAMES);
}

async function timelineSmoothness(d: Driver, records: number, results: Results): Promise<void> {
  const grid = '[role=grid][aria-label=Records]';
  const type = await d.script<string>(COMMONEST_TYPE);
  const actions: [string, () => Promise<unknown>][] = [
    ['mouse wheel', () => d.script(scrollTimeline('wheel'))],
    ['scrollbar drag, top to bottom', () => d.script(scrollTimeline('drag'))],
    ['End then Home', async () => {
      await d.script(`document.querySelector('${grid}').focus()`);
      await d.press('End');
      await sleep(1000);
      await d.press('Home');
    }],
    ['filter by type, then all types', async () => {
      await d.select('select[aria-label="Record type"]', type);
      await sleep(1000);
      await d.select('select[aria-label="Record type"]', '');
    }],
  ];
  for (const [action, act] of actions) {
    const frames = await framesDuring(d, act);
    const r = { browser: d.browser, records, action, longFrames: frames.length, longestFrameMs: Math.max(0, ...frames) };
    results.smoothness.push(r);
    printSmoothness(r);
  }
}

async function benchBrowser(d: Driver, appUrl: string, labUrl: string, files: BenchFile[], results: Results): Promise<void> {
  for (const f of files) {
    const app = await indexInApp(d, appUrl, f.path);
    const records = Number((await d.script<string>(`document.querySelector('[data-testid=record-count]').textContent`)).replace(/\D/g, ''));
    if (f.timeline) await timelineSmoothness(d, records, results);
    await d.goto(labUrl);
    await d.upload('#f', f.path);
    const scan = await d.script<LabRun>(labRun('scan'));
    if (scan.errors) throw new Error(`the scan of ${f.name} found ${scan.errors} errors`);
    const read = await d.script<LabRun>(labRun('read'));
    const r = {
      browser: d.browser,
      file: f.name,
      size: statSync(f.path).size,
      records,
      indexMs: app.indexMs,
      workerScanMs: scan.ms,
      readMs: read.ms,
      reads: scan.reads!,
      bytesRead: scan.bytesRead!,
      longFrames: app.frames.length,
      longestFrameMs: Math.max(0, ...app.frames),
      firstRowsMs: app.firstRowsMs,
    };
    results.files.push(r);
    printFile(r);
  }
}

/** Median of 3 sequential reads and 3 searches of the real HVM image, taken in turns. */
async function searchCase(d: Driver, labUrl: string, path: string, results: Results): Promise<void> {
  await d.goto(labUrl);
  await d.upload('#f', path);
  const reads: LabRun[] = [];
  const searches: LabRun[] = [];
  for (let i = 0; i < 3; i++) {
    reads.push(await d.script<LabRun>(labRun('read')));
    searches.push(await d.script<LabRun>(labRun('search')));
  }
  const median = (t: LabRun[]) => [...t].sort((a, b) => a.ms - b.ms)[1]!;
  const r = { browser: d.browser, file: 'the real HVM image', readMs: median(reads).ms, searchMs: median(searches).ms, matches: median(searches).matches! };
  results.search.push(r);
  printSearch(r);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const dir = mkdtempSync(join(tmpdir(), 'xse-bench-browser-'));
  const app = await serveBuiltApp(REPO);
  const lab = await serveLabPage(dist);
  const results = newResults(scale);
  try {
    const files: BenchFile[] = [];
    for (const c of denseCases(scale)) {
      if (only && !c.name.includes(only)) continue;
      const path = join(dir, `${files.length}.save`);
      writeStreamFile(c.spec, path);
      files.push({ name: c.name, path, timeline: !!c.spec.xtabOnly });
    }
    const real = await realImage('hvm');
    if (!only || 'real HVM image'.includes(only)) files.push({ name: `real HVM image (${REAL_IMAGES.hvm})`, path: real, timeline: false });
    console.log(`browser benchmark at scale ${scale}, ${files.length} files\n`);
    for (const name of (process.env.XSE_BENCH_BROWSERS ?? 'chromium,firefox').split(',')) {
      const open = DRIVERS[name];
      if (!open) throw new Error(`XSE_BENCH_BROWSERS: no browser ${name} (chromium, firefox)`);
      const d = await open(app.url);
      try {
        await benchBrowser(d, app.url, lab.url, files, results);
        if (!only) await searchCase(d, lab.url, real, results);
      } finally {
        await d.close();
      }
    }
    const out = process.env.XSE_BENCH_JSON ?? join(REPO, 'bench-results', `browser-${results.date.slice(0, 10)}.json`);
    writeResults(out, results);
  } finally {
    await app.close();
    lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
