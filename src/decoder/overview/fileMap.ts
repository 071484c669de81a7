/**
 * The file map at a given resolution: the file's bytes (or a window of them) cut into equal
 * bins, one per pixel, each given what covers most of its bytes. The work is linear in the
 * entries in the window plus the bins, so a 100 KiB sample and a 1 TiB image with millions of
 * records cost the same per pixel.
 */
import type { Diagnostic, Severity } from '../model/Diagnostic.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';

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
    if (index.offset(mid) + index.length(mid) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each of `bins` bins of the window, the class (0 to classes-1, from `classify`) of the
 * entries covering most of its bytes, or NO_CLASS.
 */
export function binEntries(index: RecordIndex, window: ByteWindow, bins: number, classes: number, classify: (entry: number) => number): Uint8Array {
  const out = new Uint8Array(bins).fill(NO_CLASS);
  const span = window.to - window.from;
  if (bins <= 0 || span <= 0) return out;
  const width = span / bins;
  const weight = new Float64Array(bins * classes);
  for (let i = firstEntryEndingAfter(index, window.from); i < index.count; i++) {
    const start = Math.max(index.offset(i), window.from);
    if (start >= window.to) break;
    const end = Math.min(index.offset(i) + index.length(i), window.to);
    if (end <= start) continue;
    const c = classify(i);
    // Each bin the entry touches gets the bytes of the entry inside it; bins it covers whole
    // get `width`. Entries do not overlap, so this visits at most entries + bins bins.
    const first = Math.floor((start - window.from) / width);
    const last = Math.min(bins - 1, Math.floor((end - window.from) / width));
    for (let b = first; b <= last; b++) {
      const binStart = window.from + b * width;
      weight[b * classes + c]! += Math.min(end, binStart + width) - Math.max(start, binStart);
    }
  }
  for (let b = 0; b < bins; b++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const w = weight[b * classes + c]!;
      if (w > best) {
        best = w;
        out[b] = c;
      }
    }
  }
  return out;
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
