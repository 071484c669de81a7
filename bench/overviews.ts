/**
 * What the page asks the worker for when a scan ends, built by the worker's own analyses:
 * statistics (with the rounds, found once and shared, and the per-PFN census), a 1600-pixel file
 * map, and the guest memory map of the whole PFN space a 1600×400-pixel panel asks for (800×200
 * cells, its smallest cells being 2 px). Shared by the overview bench in Node and its lab worker
 * in the browser (bench/browser/labPage.ts), so both time the same work.
 */
import type { ByteSource } from '../src/decoder/bytes/ByteSource.ts';
import { scanStream, type ScanResult } from '../src/decoder/scan/scanStream.ts';
import { MIN_CELL_PX } from '../src/ui/memoryMap/gridView.ts';
import type { AnalysisJob, SessionView } from '../src/worker/analyses/Analysis.ts';
import { fileMapBins } from '../src/worker/analyses/fileMapBins.ts';
import { memoryMapCells } from '../src/worker/analyses/memoryMapCells.ts';
import { statistics } from '../src/worker/analyses/statistics.ts';

/** The memory map's cells for a 1600×400-pixel panel: the explorer never draws a cell under MIN_CELL_PX pixels. */
const MAP_CELLS = (1600 / MIN_CELL_PX) * (400 / MIN_CELL_PX);

/** A job nobody cancels, for the analyses run here as the worker runs them. */
const JOB: AnalysisJob = { signal: new AbortController().signal, progress: () => {} };

/** Every overview the page asks for when a scan ends, from the finished scan `r` of `source`; says what it found. */
async function overviews(source: ByteSource, r: ScanResult): Promise<string> {
  const session: SessionView[] = [{ id: 1, source, index: r.index, facts: r.facts, diagnostics: r.diagnostics, memory: r.memory, summary: r.summary!, result: r, done: true }];
  const stats = await statistics.run(session, {}, JOB);
  await fileMapBins.run(session, { from: 0, to: r.size, bins: 1600 }, JOB);
  await memoryMapCells.run(session, { from: 0, to: r.memory!.maxPfn + 1, cells: MAP_CELLS }, JOB);
  return `${r.index.count} records, ${stats!.pfns!.named} PFNs, ${stats!.rounds.length} round(s)`;
}

/** The scan as the worker runs it (the guest memory model and the overviews' sums), the overviews following at once. */
export async function scanWithOverviews(source: ByteSource): Promise<{ r: ScanResult; scanMs: number; summary: string }> {
  const t0 = performance.now();
  const r = await scanStream(source, { memory: true, summary: true });
  const scanMs = performance.now() - t0;
  return { r, scanMs, summary: await overviews(source, r) };
}
