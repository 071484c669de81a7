/**
 * The file map's bins kept per index while a scan grows it: each entry's bytes are added to the
 * bins' weights once, when it is settled, so that asking again every second costs the new
 * entries, not the whole index (binning a million records took 50–80 ms a request). The
 * picture is the class weighing most in each bin, as `binEntries` (decoder/overview/fileMap.ts)
 * works it out in one walk; adding entries in file order makes it the very same numbers.
 */
import { NO_CLASS, type ByteWindow } from '../../decoder/overview/fileMap.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';

export class GrowingBins {
  /** Bytes of each class in each bin, from entries [0, settled). */
  private readonly weight: Float64Array;
  private readonly width: number;
  private settled = 0;

  constructor(
    readonly window: ByteWindow,
    readonly bins: number,
    readonly classes: number,
  ) {
    this.weight = new Float64Array(Math.max(0, bins) * classes);
    this.width = (window.to - window.from) / bins;
  }

  /** Whether this is the picture asked for. */
  fits(window: ByteWindow, bins: number, classes: number): boolean {
    return this.window.from === window.from && this.window.to === window.to && this.bins === bins && this.classes === classes;
  }

  /** Per bin the class covering most of its bytes (NO_CLASS where none does), from entries [0, settled). */
  picture(index: RecordIndex, settled: number, classify: (entry: number) => number): Uint8Array {
    const out = new Uint8Array(Math.max(0, this.bins)).fill(NO_CLASS);
    if (this.bins <= 0 || !(this.width > 0)) return out;
    for (; this.settled < settled; this.settled++) this.add(index, this.settled, classify);
    for (let b = 0; b < this.bins; b++) out[b] = this.heaviest(b);
    return out;
  }

  private binOf(offset: number): number {
    return Math.min(this.bins - 1, Math.floor((offset - this.window.from) / this.width));
  }

  /** Adds entry i's bytes to the bins it touches; bins it covers whole get `width`. */
  private add(index: RecordIndex, i: number, classify: (entry: number) => number): void {
    const { from, to } = this.window;
    const start = Math.max(index.offset(i), from);
    const end = Math.min(index.offset(i) + index.length(i), to);
    if (start >= to || end <= start) return;
    const c = classify(i);
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
