import type { Layer } from './Layer.ts';

/** Entry flags. */
export const EntryFlag = {
  /** A stream header (xl, libxl, libxc image/domain, ...) rather than a typed record. */
  Header: 1,
  /** The file ends inside this entry. */
  Truncated: 2,
} as const;

/** One row of the index, as the timeline and CLI see it. */
export interface IndexEntry {
  index: number;
  offset: number;
  /** Bytes on the wire: header, body and padding (up to the end of file when truncated). */
  length: number;
  /** The body length the entry declares (for records), else its length. */
  bodyLength: number;
  layer: Layer;
  /** Record type for records; header kind (see each layer's constants) for headers. */
  type: number;
  /** Nesting depth: outer container 0, the stream inside it 1, ... */
  depth: number;
  flags: number;
  /** Checkpoint number the entry belongs to (0 before the first checkpoint ends). */
  group: number;
  /** Type-specific numbers for summaries of bulk records (PAGE_DATA: count, pages, min, max PFN). */
  aux: [number, number, number, number];
  /** Short text summary, where the scanner had one. */
  note: string | undefined;
}

/** A slice of the index in columnar form: cheap to post from the worker. */
export interface IndexBatch {
  start: number;
  offset: Float64Array;
  length: Float64Array;
  bodyLength: Float64Array;
  layer: Uint8Array;
  type: Uint32Array;
  depth: Uint8Array;
  flags: Uint8Array;
  group: Uint32Array;
  aux: Uint32Array;
  notes: [number, string][];
}

/** The buffers of a batch's typed-array columns: transferred, not copied, to the page. */
export function batchBuffers(b: IndexBatch): ArrayBuffer[] {
  return Object.values(b)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}

/** Reading an index, however its columns are kept (growing in the worker, as received on the page). */
export abstract class IndexReader {
  abstract get count(): number;
  abstract offset(i: number): number;
  abstract length(i: number): number;
  abstract bodyLength(i: number): number;
  abstract layer(i: number): Layer;
  abstract type(i: number): number;
  abstract depth(i: number): number;
  abstract flags(i: number): number;
  abstract group(i: number): number;
  /** Aux number k (0-3) of entry i, without building the whole entry. */
  abstract aux(i: number, k: number): number;
  abstract note(i: number): string | undefined;

  /** File offset just past entry i. */
  end(i: number): number {
    return this.offset(i) + this.length(i);
  }

  get(i: number): IndexEntry {
    if (i < 0 || i >= this.count) throw new RangeError(`no index entry ${i}`);
    return {
      index: i,
      offset: this.offset(i),
      length: this.length(i),
      bodyLength: this.bodyLength(i),
      layer: this.layer(i),
      type: this.type(i),
      depth: this.depth(i),
      flags: this.flags(i),
      group: this.group(i),
      aux: [this.aux(i, 0), this.aux(i, 1), this.aux(i, 2), this.aux(i, 3)],
      note: this.note(i),
    };
  }

  /** Index of the entry holding byte `offset` (the innermost when entries nest), or -1. */
  entryAt(offset: number): number {
    // Entries are pushed in file order and never overlap except by nesting, which this index
    // does not do (containers are split into header entries), so a binary search suffices.
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offset(mid) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return -1;
    return offset < this.end(found) ? found : -1;
  }
}

/** Aux numbers per entry. */
export const AUX = 4;

/**
 * Entries [base + from, base + to) of the index as the arrays that hold them (entry base + k at
 * position k, aux numbers at k × AUX): for loops over millions of entries, where a call per
 * field and entry costs more than the work.
 */
export interface IndexSpan {
  base: number;
  from: number;
  to: number;
  offset: Float64Array;
  length: Float64Array;
  layer: Uint8Array;
  type: Uint32Array;
  flags: Uint8Array;
  group: Uint32Array;
  aux: Uint32Array;
}
/** Aux numbers are kept as u32: counts and PFNs of any real guest (16 TiB) fit; larger ones saturate. */
const AUX_MAX = 0xffffffff;
/**
 * Columns are kept in chunks of 2^16 entries: a growing index adds chunks instead of copying its
 * columns into larger ones, so each byte of it is written once. (Fresh memory is what a dense
 * scan pays most for: copying on growth wrote the index about three times over.) The first chunk
 * grows by half again up to full size, so that a small file's index stays small.
 */
const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
const GROWTH = 1.5;
/** Notes are kept in smaller chunks: a small file, or a dense one with a few notes, keeps a few KiB for them. */
const NOTE_SHIFT = 10;
const NOTE_CHUNK = 1 << NOTE_SHIFT;
const NOTE_MASK = NOTE_CHUNK - 1;

type Column = Float64Array | Uint32Array | Uint8Array;

/**
 * Room for `n` entries of `width` numbers in a column's chunks: the last chunk grows by half
 * again up to full size (it is the only one that can be short: the first while the index is
 * small, or the last after compact()), then full chunks are added.
 */
function reserveChunks<T extends Column>(chunks: T[], make: (n: number) => T, width: number, n: number): void {
  if (chunks.length === 0) chunks.push(make(0));
  const last = chunks.length - 1;
  const entries = chunks[last]!.length / width;
  if (last * CHUNK + entries < n && entries < CHUNK) {
    const b = make(Math.min(CHUNK, Math.max(n - last * CHUNK, Math.ceil(entries * GROWTH))) * width);
    b.set(chunks[last]!);
    chunks[last] = b;
  }
  while (chunks.length * CHUNK < n) chunks.push(make(CHUNK * width));
}

/** Entries [from, to) of a column as one array. */
function copyOut<T extends Column>(chunks: T[], make: (n: number) => T, width: number, from: number, to: number): T {
  const out = make((to - from) * width);
  for (let i = from; i < to; ) {
    const c = i >>> SHIFT;
    const end = Math.min(to, (c + 1) * CHUNK);
    out.set(chunks[c]!.subarray((i & MASK) * width, (end - c * CHUNK) * width), (i - from) * width);
    i = end;
  }
  return out;
}

/** Frees a column's room beyond entry n: its last chunk cut to size, chunks past it dropped. */
function trimChunks<T extends Column>(chunks: T[], width: number, n: number): void {
  const keep = Math.max(1, Math.ceil(n / CHUNK));
  chunks.length = Math.min(chunks.length, keep);
  const last = chunks.length - 1;
  const used = (n - last * CHUNK) * width;
  if (last >= 0 && chunks[last]!.length > used) chunks[last] = chunks[last]!.slice(0, used) as T;
}

const f64 = (n: number) => new Float64Array(n);
const u32 = (n: number) => new Uint32Array(n);
const u8 = (n: number) => new Uint8Array(n);

/**
 * The index of every header and record in a file, in typed-array columns so that a million
 * rows cost tens of megabytes, not hundreds.
 */
export class RecordIndex extends IndexReader {
  private n = 0;
  private cap = 0;
  private readonly offsetCol: Float64Array[] = [];
  private readonly lengthCol: Float64Array[] = [];
  private readonly bodyCol: Float64Array[] = [];
  private readonly layerCol: Uint8Array[] = [];
  private readonly typeCol: Uint32Array[] = [];
  private readonly depthCol: Uint8Array[] = [];
  private readonly flagsCol: Uint8Array[] = [];
  private readonly groupCol: Uint32Array[] = [];
  private readonly auxCol: Uint32Array[] = [];
  /**
   * Notes in chunks of NOTE_CHUNK entries, a chunk made at its first note: most entries of a
   * dense stream have none, and a batch looks at its own entries only, not at every note.
   */
  private readonly noteChunks: (string | undefined)[][] = [];

  constructor(capacity = 256) {
    super();
    this.reserve(capacity);
  }

  get count(): number {
    return this.n;
  }

  private reserve(n: number): void {
    if (n <= this.cap) return;
    reserveChunks(this.offsetCol, f64, 1, n);
    reserveChunks(this.lengthCol, f64, 1, n);
    reserveChunks(this.bodyCol, f64, 1, n);
    reserveChunks(this.layerCol, u8, 1, n);
    reserveChunks(this.typeCol, u32, 1, n);
    reserveChunks(this.depthCol, u8, 1, n);
    reserveChunks(this.flagsCol, u8, 1, n);
    reserveChunks(this.groupCol, u32, 1, n);
    reserveChunks(this.auxCol, u32, AUX, n);
    this.cap = (this.offsetCol.length - 1) * CHUNK + this.offsetCol[this.offsetCol.length - 1]!.length;
  }

  /** Frees the room kept for entries to come: for an index that is complete. */
  compact(): void {
    if (this.cap === this.n) return;
    const columns: Column[][] = [this.offsetCol, this.lengthCol, this.bodyCol, this.layerCol, this.typeCol, this.depthCol, this.flagsCol, this.groupCol];
    for (const c of columns) trimChunks(c, 1, this.n);
    trimChunks(this.auxCol, AUX, this.n);
    this.cap = this.n;
  }

  push(e: {
    offset: number;
    length: number;
    bodyLength?: number;
    layer: Layer;
    type: number;
    depth: number;
    flags?: number;
    group?: number;
  }): number {
    return this.add(e.offset, e.length, e.bodyLength ?? e.length, e.layer, e.type, e.depth, e.flags ?? 0, e.group ?? 0);
  }

  /** push without the entry object, for the scan's hot path. */
  add(offset: number, length: number, bodyLength: number, layer: Layer, type: number, depth: number, flags: number, group: number): number {
    const i = this.n;
    if (i >= this.cap) this.reserve(i + 1);
    const c = i >>> SHIFT;
    const k = i & MASK;
    this.offsetCol[c]![k] = offset;
    this.lengthCol[c]![k] = length;
    this.bodyCol[c]![k] = bodyLength;
    this.layerCol[c]![k] = layer;
    this.typeCol[c]![k] = type;
    this.depthCol[c]![k] = depth;
    this.flagsCol[c]![k] = flags;
    this.groupCol[c]![k] = group;
    this.n = i + 1;
    return i;
  }

  /** Marks entry i as cut short by the end of the file at `length` bytes. */
  truncate(i: number, length: number): void {
    this.lengthCol[i >>> SHIFT]![i & MASK] = length;
    this.flagsCol[i >>> SHIFT]![i & MASK]! |= EntryFlag.Truncated;
  }

  setAux(i: number, a0: number, a1 = 0, a2 = 0, a3 = 0): void {
    const aux = this.auxCol[i >>> SHIFT]!;
    const at = (i & MASK) * AUX;
    aux[at] = Math.min(a0, AUX_MAX);
    aux[at + 1] = Math.min(a1, AUX_MAX);
    aux[at + 2] = Math.min(a2, AUX_MAX);
    aux[at + 3] = Math.min(a3, AUX_MAX);
  }

  setNote(i: number, note: string): void {
    (this.noteChunks[i >>> NOTE_SHIFT] ??= new Array<string | undefined>(NOTE_CHUNK))[i & NOTE_MASK] = note;
  }

  offset(i: number): number {
    return this.offsetCol[i >>> SHIFT]![i & MASK]!;
  }
  length(i: number): number {
    return this.lengthCol[i >>> SHIFT]![i & MASK]!;
  }
  layer(i: number): Layer {
    return this.layerCol[i >>> SHIFT]![i & MASK] as Layer;
  }
  type(i: number): number {
    return this.typeCol[i >>> SHIFT]![i & MASK]!;
  }
  flags(i: number): number {
    return this.flagsCol[i >>> SHIFT]![i & MASK]!;
  }
  group(i: number): number {
    return this.groupCol[i >>> SHIFT]![i & MASK]!;
  }
  bodyLength(i: number): number {
    return this.bodyCol[i >>> SHIFT]![i & MASK]!;
  }
  depth(i: number): number {
    return this.depthCol[i >>> SHIFT]![i & MASK]!;
  }
  aux(i: number, k: number): number {
    return this.auxCol[i >>> SHIFT]![(i & MASK) * AUX + k]!;
  }
  note(i: number): string | undefined {
    return this.noteChunks[i >>> NOTE_SHIFT]?.[i & NOTE_MASK];
  }

  /** Entries [from, to) as spans of the arrays holding them, one a chunk. */
  spans(from: number, to = this.n): IndexSpan[] {
    const out: IndexSpan[] = [];
    for (let i = Math.max(0, from), end = Math.min(to, this.n); i < end; ) {
      const c = i >>> SHIFT;
      const base = c * CHUNK;
      const stop = Math.min(end, base + CHUNK);
      out.push({ base, from: i - base, to: stop - base, offset: this.offsetCol[c]!, length: this.lengthCol[c]!, layer: this.layerCol[c]!, type: this.typeCol[c]!, flags: this.flagsCol[c]!, group: this.groupCol[c]!, aux: this.auxCol[c]! });
      i = stop;
    }
    return out;
  }

  /** Columnar copy of entries [from, to). */
  batch(from: number, to = this.n): IndexBatch {
    const notes: [number, string][] = [];
    for (let c = from >>> NOTE_SHIFT; c * NOTE_CHUNK < to; c++) {
      const chunk = this.noteChunks[c];
      if (!chunk) continue;
      for (let i = Math.max(from, c * NOTE_CHUNK), end = Math.min(to, (c + 1) * NOTE_CHUNK); i < end; i++) {
        const note = chunk[i & NOTE_MASK];
        if (note !== undefined) notes.push([i, note]);
      }
    }
    return {
      start: from,
      offset: copyOut(this.offsetCol, f64, 1, from, to),
      length: copyOut(this.lengthCol, f64, 1, from, to),
      bodyLength: copyOut(this.bodyCol, f64, 1, from, to),
      layer: copyOut(this.layerCol, u8, 1, from, to),
      type: copyOut(this.typeCol, u32, 1, from, to),
      depth: copyOut(this.depthCol, u8, 1, from, to),
      flags: copyOut(this.flagsCol, u8, 1, from, to),
      group: copyOut(this.groupCol, u32, 1, from, to),
      aux: copyOut(this.auxCol, u32, AUX, from, to),
      notes,
    };
  }
}
