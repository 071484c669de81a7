/**
 * The file map at a given resolution: the file's bytes (or a window of them) cut into equal
 * bins, one per pixel, each given what covers most of its bytes. The work is linear in the
 * entries in the window plus the bins, so a 100 KiB sample and a 1 TiB image with millions of
 * records cost the same per pixel.
 */
import type { Diagnostic, Severity } from '../model/Diagnostic.ts';
import type { RecordKind } from '../core/RecordKind.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import { KindRuns } from './KindRuns.ts';

/** A bin that no entry covers (past the end of the stream, or a window beyond the file). */
export const NO_CLASS = 255;

/** Byte window [from, to) of the file. */
export interface ByteWindow {
  from: number;
  to: number;
}

/** First entry ending after `offset` (entries lie in file order and do not overlap). */
function firstEntryEndingAfter(index: RecordIndex, offset: number): number {
  let lo = 0;
  let hi = index.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.end(mid) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each of `bins` bins of the window, the class (0 to classes-1, from `classify`) of the
 * entries covering most of its bytes, or NO_CLASS; and where the stream changes layer (xl,
 * libxl, libxc, trailing bytes). Kept while a scan grows the index, it adds each entry's bytes
 * to the bins' weights once, when the entry is settled, so that asking again costs the new
 * entries, not the whole index (binning a million records took 50–80 ms).
 */
export class EntryBins {
  /** Bytes of each class in each bin, from entries [0, settled). */
  private readonly weight: Float64Array;
  /** Per bin, 1 where an entry starts whose layer is not the one of the entry before it. */
  private readonly layerEdges: Uint8Array;
  /** The layer of the last entry taken in (-1: none yet). */
  private lastLayer = -1;
  private readonly width: number;
  private settled = -1;

  constructor(
    readonly window: ByteWindow,
    readonly bins: number,
    readonly classes: number,
  ) {
    this.weight = new Float64Array(Math.max(0, bins) * classes);
    this.layerEdges = new Uint8Array(Math.max(0, bins));
    this.width = (window.to - window.from) / bins;
  }

  /** Whether this is the picture asked for. */
  fits(window: ByteWindow, bins: number, classes: number): boolean {
    return this.window.from === window.from && this.window.to === window.to && this.bins === bins && this.classes === classes;
  }

  /** The picture of entries [0, settled), each of the class its kind is given (entries before the window skipped at once, those past it never read). */
  picture(index: RecordIndex, settled: number, classify: (kind: RecordKind) => number): Uint8Array {
    const out = new Uint8Array(Math.max(0, this.bins)).fill(NO_CLASS);
    if (this.bins <= 0 || !(this.width > 0)) return out;
    if (this.settled < 0) {
      this.settled = Math.min(settled, firstEntryEndingAfter(index, this.window.from));
      if (this.settled > 0) this.lastLayer = index.layer(this.settled - 1);
    }
    for (const runs = new KindRuns(index, this.settled, settled); runs.next(); ) {
      const at = runs.offset;
      // Entries lie in file order: once past the window, all the rest are.
      if (at >= this.window.to) break;
      // A run is of one layer: only its first entry can start another.
      const layer = runs.span.layer[runs.start]!;
      if (layer !== this.lastLayer) {
        if (this.lastLayer >= 0 && at >= this.window.from) this.layerEdges[this.binOf(at)] = 1;
        this.lastLayer = layer;
      }
      // A run's entries lie back to back: its bytes are added as one stretch.
      this.add(at, runs.length, classify(runs.kind));
    }
    this.settled = Math.max(this.settled, settled);
    for (let b = 0; b < this.bins; b++) out[b] = this.heaviest(b);
    return out;
  }

  /** Per bin, 1 where the stream changes layer, as of the last picture (a copy: the page is sent it). */
  edges(): Uint8Array {
    return this.layerEdges.slice();
  }

  private binOf(offset: number): number {
    return Math.min(this.bins - 1, Math.floor((offset - this.window.from) / this.width));
  }

  /** Adds an entry's bytes inside the window to the bins it touches; bins it covers whole get `width`. */
  private add(offset: number, length: number, c: number): void {
    const { from, to } = this.window;
    const start = Math.max(offset, from);
    const end = Math.min(offset + length, to);
    if (end <= start) return;
    const last = this.binOf(end);
    for (let b = this.binOf(start); b <= last; b++) {
      const binStart = from + b * this.width;
      this.weight[b * this.classes + c]! += Math.min(end, binStart + this.width) - Math.max(start, binStart);
    }
  }

  /** The class weighing most in bin b (the first of equals), or NO_CLASS. */
  private heaviest(b: number): number {
    let best = 0;
    let cls = NO_CLASS;
    for (let c = 0; c < this.classes; c++) {
      const w = this.weight[b * this.classes + c]!;
      if (w > best) {
        best = w;
        cls = c;
      }
    }
    return cls;
  }
}

/** The file map of a whole index at once. */
export function binEntries(index: RecordIndex, window: ByteWindow, bins: number, classes: number, classify: (kind: RecordKind) => number): Uint8Array {
  return new EntryBins(window, bins, classes).picture(index, index.count, classify);
}

const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** For each bin, the worst diagnostic about a byte in it: 0 none, 1 note, 2 warning, 3 error. */
export function binDiagnostics(diagnostics: readonly Diagnostic[], window: ByteWindow, bins: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, bins));
  const span = window.to - window.from;
  if (bins <= 0 || span <= 0) return out;
  for (const d of diagnostics) {
    // A problem at the very end of the file (a truncation) belongs to the last bin.
    if (d.offset < window.from || d.offset > window.to) continue;
    const b = Math.min(bins - 1, Math.floor(((d.offset - window.from) / span) * bins));
    out[b] = Math.max(out[b]!, SEVERITY_RANK[d.severity]);
  }
  return out;
}
