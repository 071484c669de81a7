/** The browser benchmark's results: printed as a table, and written as JSON to compare versions. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { sizeText } from '../../src/decoder/dissect/show.ts';

/** One file in one browser. Times in ms; the index is the explorer's, from the file given to the scan done. */
export interface FileResult {
  browser: string;
  file: string;
  size: number;
  records: number;
  indexMs: number;
  /** The same scan alone in a bare worker (no UI, no index sent to the page). */
  workerScanMs: number;
  readMs: number;
  reads: number;
  bytesRead: number;
  /** Frames over 50 ms while the explorer indexed, and the longest frame. */
  longFrames: number;
  longestFrameMs: number;
  firstRowsMs: number;
}

export interface SmoothnessResult {
  browser: string;
  records: number;
  action: string;
  longFrames: number;
  longestFrameMs: number;
}

export interface SearchResult {
  browser: string;
  file: string;
  readMs: number;
  searchMs: number;
  matches: number;
}

export interface Results {
  date: string;
  scale: number;
  machine: { cpus: number; loadAverage: number[] };
  files: FileResult[];
  smoothness: SmoothnessResult[];
  search: SearchResult[];
}

export function newResults(scale: number): Results {
  return { date: new Date().toISOString(), scale, machine: { cpus: cpus().length, loadAverage: loadavg() }, files: [], smoothness: [], search: [] };
}

const INDEX_GOAL = 1.2;
const FIRST_ROWS_GOAL = 300;
const mark = (met: boolean) => (met ? '' : ' ✗');

export function printFile(r: FileResult): void {
  const ratio = r.indexMs / r.readMs;
  console.log(`${r.browser}, ${r.file} (${sizeText(r.size)}, ${r.records.toLocaleString('en-US')} records):`);
  console.log(`  index ${r.indexMs.toFixed(0)} ms (bare worker scan ${r.workerScanMs.toFixed(0)} ms), sequential read ${r.readMs.toFixed(0)} ms: ratio ${ratio.toFixed(2)} (goal ≤ ${INDEX_GOAL})${mark(ratio <= INDEX_GOAL)}`);
  console.log(`  ${r.reads.toLocaleString('en-US')} reads, ${sizeText(r.bytesRead)} read (${((100 * r.bytesRead) / r.size).toFixed(1)}% of the file)`);
  console.log(`  first records on screen ${r.firstRowsMs.toFixed(0)} ms (goal ≤ ${FIRST_ROWS_GOAL})${mark(r.firstRowsMs <= FIRST_ROWS_GOAL)}; frames over 50 ms while indexing: ${r.longFrames} (longest ${r.longestFrameMs} ms)${mark(r.longFrames === 0)}`);
}

export function printSmoothness(r: SmoothnessResult): void {
  console.log(`${r.browser}, timeline of ${r.records.toLocaleString('en-US')} records, ${r.action}: ${r.longFrames} frames over 50 ms (longest ${r.longestFrameMs} ms)${mark(r.longFrames === 0)}`);
}

export function printSearch(r: SearchResult): void {
  const share = (100 * r.readMs) / r.searchMs;
  console.log(`${r.browser}, search of ${r.file} for "Linux version" (${r.matches} matches): ${r.searchMs.toFixed(0)} ms against a sequential read's ${r.readMs.toFixed(0)} ms: ${share.toFixed(0)}% of the read rate (goal ≥ 80%)${mark(share >= 80)}`);
}

export function writeResults(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nresults written to ${path}`);
}
