/**
 * Every analysis's highlights, sorted so that those over a range of bytes (the rows on screen,
 * one record) are found by a binary search rather than a walk through all of them.
 */
import type { Highlight } from '../../decoder/model/Highlight.ts';

export class HighlightSet {
  private readonly sorted: readonly Highlight[];
  /** The longest highlight: none starting further back than this can reach a range. */
  private readonly longest: number;

  constructor(highlights: readonly Highlight[]) {
    this.sorted = highlights.filter((h) => h.length > 0).sort((a, b) => a.offset - b.offset);
    this.longest = this.sorted.reduce((m, h) => Math.max(m, h.length), 0);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Highlights holding any byte of [start, end), by offset. */
  overlapping(start: number, end: number): Highlight[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.offset < end) lo = mid + 1;
      else hi = mid;
    }
    const out: Highlight[] = [];
    for (let i = lo - 1; i >= 0; i--) {
      const h = this.sorted[i]!;
      if (h.offset + this.longest <= start) break;
      if (h.offset + h.length > start) out.push(h);
    }
    return out.reverse();
  }
}
