/**
 * The index on the receiving side of the worker's batches (the page). Each batch's columns were
 * transferred, not copied, and are kept as they came, one segment a batch, so that the page
 * writes no memory per record: copying them into columns of its own cost the page as much fresh
 * memory as the worker's whole index, in the frames the user sees.
 */
import type { Layer } from './Layer.ts';
import { AUX, IndexReader, type IndexBatch } from './RecordIndex.ts';

/** Entries [k, …) of a batch, as views of its columns. */
function tail(b: IndexBatch, k: number): IndexBatch {
  return {
    start: b.start + k,
    offset: b.offset.subarray(k),
    length: b.length.subarray(k),
    bodyLength: b.bodyLength.subarray(k),
    layer: b.layer.subarray(k),
    type: b.type.subarray(k),
    depth: b.depth.subarray(k),
    flags: b.flags.subarray(k),
    group: b.group.subarray(k),
    aux: b.aux.subarray(k * AUX),
    notes: [],
  };
}

export class ReceivedIndex extends IndexReader {
  private readonly segments: IndexBatch[] = [];
  private n = 0;
  /** The segment last looked in: rows on screen are read in runs. */
  private recent: IndexBatch | null = null;
  private readonly notes = new Map<number, string>();

  get count(): number {
    return this.n;
  }

  /**
   * Adds a batch's entries. Entries it has again (the worker sends its last entry again, which
   * may have changed since) overwrite those here; batches come in order, without gaps.
   */
  apply(b: IndexBatch): void {
    if (b.start > this.n) throw new RangeError(`a batch from entry ${b.start} would leave a gap after entry ${this.n}`);
    const end = b.start + b.offset.length;
    const again = Math.min(this.n, end) - b.start;
    for (let k = 0; k < again; k++) this.overwrite(b.start + k, b, k);
    if (end > this.n) {
      this.segments.push(again > 0 ? tail(b, again) : b);
      this.n = end;
    }
    for (const [i, s] of b.notes) this.notes.set(i, s);
  }

  private overwrite(i: number, b: IndexBatch, k: number): void {
    const s = this.segment(i);
    const j = i - s.start;
    s.offset[j] = b.offset[k]!;
    s.length[j] = b.length[k]!;
    s.bodyLength[j] = b.bodyLength[k]!;
    s.layer[j] = b.layer[k]!;
    s.type[j] = b.type[k]!;
    s.depth[j] = b.depth[k]!;
    s.flags[j] = b.flags[k]!;
    s.group[j] = b.group[k]!;
    s.aux.set(b.aux.subarray(k * AUX, (k + 1) * AUX), j * AUX);
  }

  /** The segment holding entry i (0 <= i < count). */
  private segment(i: number): IndexBatch {
    const r = this.recent;
    if (r && i >= r.start && i < r.start + r.offset.length) return r;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.start <= i) lo = mid;
      else hi = mid - 1;
    }
    return (this.recent = this.segments[lo]!);
  }

  offset(i: number): number {
    const s = this.segment(i);
    return s.offset[i - s.start]!;
  }
  length(i: number): number {
    const s = this.segment(i);
    return s.length[i - s.start]!;
  }
  bodyLength(i: number): number {
    const s = this.segment(i);
    return s.bodyLength[i - s.start]!;
  }
  layer(i: number): Layer {
    const s = this.segment(i);
    return s.layer[i - s.start] as Layer;
  }
  type(i: number): number {
    const s = this.segment(i);
    return s.type[i - s.start]!;
  }
  depth(i: number): number {
    const s = this.segment(i);
    return s.depth[i - s.start]!;
  }
  flags(i: number): number {
    const s = this.segment(i);
    return s.flags[i - s.start]!;
  }
  group(i: number): number {
    const s = this.segment(i);
    return s.group[i - s.start]!;
  }
  aux(i: number, k: number): number {
    const s = this.segment(i);
    return s.aux[(i - s.start) * AUX + k]!;
  }
  note(i: number): string | undefined {
    return this.notes.get(i);
  }
}
