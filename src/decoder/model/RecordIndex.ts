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

const AUX = 4;
/** Aux numbers are kept as u32: counts and PFNs of any real guest (16 TiB) fit; larger ones saturate. */
const AUX_MAX = 0xffffffff;
/** Columns grow by half again: doubling would leave up to half of a multi-million-row index unused. */
const GROWTH = 1.5;

function grow<T extends Float64Array | Uint32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a.length > n ? a.subarray(0, n) : a);
  return b;
}

/**
 * The index of every header and record in a file, in typed-array columns so that a million
 * rows cost tens of megabytes, not hundreds.
 */
export class RecordIndex {
  private n = 0;
  private cap: number;
  private offsetCol: Float64Array;
  private lengthCol: Float64Array;
  private bodyCol: Float64Array;
  private layerCol: Uint8Array;
  private typeCol: Uint32Array;
  private depthCol: Uint8Array;
  private flagsCol: Uint8Array;
  private groupCol: Uint32Array;
  private auxCol: Uint32Array;
  private notes = new Map<number, string>();

  constructor(capacity = 256) {
    this.cap = capacity;
    this.offsetCol = new Float64Array(capacity);
    this.lengthCol = new Float64Array(capacity);
    this.bodyCol = new Float64Array(capacity);
    this.layerCol = new Uint8Array(capacity);
    this.typeCol = new Uint32Array(capacity);
    this.depthCol = new Uint8Array(capacity);
    this.flagsCol = new Uint8Array(capacity);
    this.groupCol = new Uint32Array(capacity);
    this.auxCol = new Uint32Array(capacity * AUX);
  }

  get count(): number {
    return this.n;
  }

  private reserve(n: number): void {
    if (n <= this.cap) return;
    this.resize(Math.max(n, Math.ceil(this.cap * GROWTH)));
  }

  /** Frees the room kept for entries to come: for an index that is complete. */
  compact(): void {
    if (this.cap > this.n) this.resize(this.n);
  }

  private resize(cap: number): void {
    this.offsetCol = grow(this.offsetCol, cap);
    this.lengthCol = grow(this.lengthCol, cap);
    this.bodyCol = grow(this.bodyCol, cap);
    this.layerCol = grow(this.layerCol, cap);
    this.typeCol = grow(this.typeCol, cap);
    this.depthCol = grow(this.depthCol, cap);
    this.flagsCol = grow(this.flagsCol, cap);
    this.groupCol = grow(this.groupCol, cap);
    this.auxCol = grow(this.auxCol, cap * AUX);
    this.cap = cap;
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
    const i = this.n;
    this.reserve(i + 1);
    this.offsetCol[i] = e.offset;
    this.lengthCol[i] = e.length;
    this.bodyCol[i] = e.bodyLength ?? e.length;
    this.layerCol[i] = e.layer;
    this.typeCol[i] = e.type;
    this.depthCol[i] = e.depth;
    this.flagsCol[i] = e.flags ?? 0;
    this.groupCol[i] = e.group ?? 0;
    this.n = i + 1;
    return i;
  }

  /** Marks entry i as cut short by the end of the file at `length` bytes. */
  truncate(i: number, length: number): void {
    this.lengthCol[i] = length;
    this.flagsCol[i]! |= EntryFlag.Truncated;
  }

  setAux(i: number, a0: number, a1 = 0, a2 = 0, a3 = 0): void {
    const at = i * AUX;
    this.auxCol[at] = Math.min(a0, AUX_MAX);
    this.auxCol[at + 1] = Math.min(a1, AUX_MAX);
    this.auxCol[at + 2] = Math.min(a2, AUX_MAX);
    this.auxCol[at + 3] = Math.min(a3, AUX_MAX);
  }

  setNote(i: number, note: string): void {
    this.notes.set(i, note);
  }

  offset(i: number): number {
    return this.offsetCol[i]!;
  }
  length(i: number): number {
    return this.lengthCol[i]!;
  }
  layer(i: number): Layer {
    return this.layerCol[i] as Layer;
  }
  type(i: number): number {
    return this.typeCol[i]!;
  }
  flags(i: number): number {
    return this.flagsCol[i]!;
  }
  group(i: number): number {
    return this.groupCol[i]!;
  }
  /** Aux number k (0-3) of entry i, without building the whole entry. */
  aux(i: number, k: number): number {
    return this.auxCol[i * AUX + k]!;
  }

  get(i: number): IndexEntry {
    if (i < 0 || i >= this.n) throw new RangeError(`no index entry ${i}`);
    const a = i * AUX;
    return {
      index: i,
      offset: this.offsetCol[i]!,
      length: this.lengthCol[i]!,
      bodyLength: this.bodyCol[i]!,
      layer: this.layerCol[i] as Layer,
      type: this.typeCol[i]!,
      depth: this.depthCol[i]!,
      flags: this.flagsCol[i]!,
      group: this.groupCol[i]!,
      aux: [this.auxCol[a]!, this.auxCol[a + 1]!, this.auxCol[a + 2]!, this.auxCol[a + 3]!],
      note: this.notes.get(i),
    };
  }

  /** Index of the entry holding byte `offset` (the innermost when entries nest), or -1. */
  entryAt(offset: number): number {
    // Entries are pushed in file order and never overlap except by nesting, which this index
    // does not do (containers are split into header entries), so a binary search suffices.
    let lo = 0;
    let hi = this.n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsetCol[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return -1;
    return offset < this.offsetCol[found]! + this.lengthCol[found]! ? found : -1;
  }

  /** Columnar copy of entries [from, to). */
  batch(from: number, to = this.n): IndexBatch {
    const notes: [number, string][] = [];
    for (const [i, s] of this.notes) if (i >= from && i < to) notes.push([i, s]);
    return {
      start: from,
      offset: this.offsetCol.slice(from, to),
      length: this.lengthCol.slice(from, to),
      bodyLength: this.bodyCol.slice(from, to),
      layer: this.layerCol.slice(from, to),
      type: this.typeCol.slice(from, to),
      depth: this.depthCol.slice(from, to),
      flags: this.flagsCol.slice(from, to),
      group: this.groupCol.slice(from, to),
      aux: this.auxCol.slice(from * AUX, to * AUX),
      notes,
    };
  }

  /** Appends or overwrites entries from a batch (the receiving side of `batch`). */
  apply(b: IndexBatch): void {
    const end = b.start + b.offset.length;
    this.reserve(end);
    this.offsetCol.set(b.offset, b.start);
    this.lengthCol.set(b.length, b.start);
    this.bodyCol.set(b.bodyLength, b.start);
    this.layerCol.set(b.layer, b.start);
    this.typeCol.set(b.type, b.start);
    this.depthCol.set(b.depth, b.start);
    this.flagsCol.set(b.flags, b.start);
    this.groupCol.set(b.group, b.start);
    this.auxCol.set(b.aux, b.start * AUX);
    for (const [i, s] of b.notes) this.notes.set(i, s);
    this.n = Math.max(this.n, end);
  }
}
