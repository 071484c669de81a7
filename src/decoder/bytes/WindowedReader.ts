import type { ByteSource } from './ByteSource.ts';

const KiB = 1024;

/** How a WindowedReader trades reads against bytes. */
export interface ReadingStrategy {
  /** The window read after a seek: a record header and a PFN array of a full batch fit. */
  minWindow: number;
  /** The largest window read along a run of close records. */
  maxWindow: number;
  /**
   * What one read costs, in bytes that could be read instead (a browser File read costs about
   * 1 ms, in which it reads about 256 KiB): a gap shorter than this is cheaper to read through
   * than to seek over.
   */
  seekCost: number;
}

export const DEFAULT_READING: ReadingStrategy = { minWindow: 16 * KiB, maxWindow: 4096 * KiB, seekCost: 256 * KiB };

/** Seeks at the same stride this many times in a row start read-ahead at that stride. */
const STRIDE_CONFIRMATIONS = 2;
/** Reads kept in flight ahead of a confirmed stride. */
const STRIDE_DEPTH = 16;
/**
 * Windows kept in flight ahead along a dense run: Firefox reads a file faster with several reads
 * in flight (16 MiB windows: 3.4 s for 393 MiB one at a time, 2.1 s with three), Chromium no slower.
 */
const RUN_DEPTH = 2;

/**
 * Serves the scanners' small reads from one window over the source, adapting the window to how
 * dense the wanted bytes are. The cost model is the number of source reads (about 1 ms each for a
 * browser File) plus the bytes read. When a request falls past the window by less than a read
 * costs (`seekCost`), the records are close: the window doubles, up to MiBs, so runs of small
 * records (one-page or XTAB-only PAGE_DATA, checkpoints of a few pages) come from a few large
 * reads. When it falls further, the records are far apart: reading through would cost more than
 * seeking, so the window drops back to the minimum and the reader seeks past the record body.
 * Each decision is the cheaper one for the gap at hand, so no file shape costs much more than
 * the better of always seeking and reading the whole file.
 *
 * Seeks at a steady stride (full PAGE_DATA records are all the same size) start strided
 * read-ahead: the next windows are requested before they are needed, so their latencies overlap
 * (measured in Chromium: 1.5 ms per sequential 16 KiB File read, 0.55 ms with 16 in flight).
 * Along a dense run at the maximum window, the next RUN_DEPTH windows are read while the scan works
 * through this one, so reading and decoding overlap. Each starts a minimum window before the end
 * of the one before, so a record header and PFN array across the boundary come from it too; when
 * the run ends, at most RUN_DEPTH windows go unused, after the ramp to the maximum read as much.
 *
 * A source that reads into a buffer it is given (`readInto`, a file in Node) reads synchronously,
 * so it gets no read-ahead; instead the reader refills its window's buffer in place, unless
 * `bytes` lent out a view of it (then the views keep that buffer and the reader takes a new one).
 * A 16 GiB sparse image is 4,097 seeks: a fresh buffer each cost more than the scan itself.
 */
export class WindowedReader {
  /** Number of reads made on the source. */
  reads = 0;
  /** Bytes fetched from the source, including read-ahead that went unused. */
  bytesRead = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  /** The buffer `readInto` fills (the window is a view of it). */
  private own: Uint8Array = new Uint8Array(0);
  /** `bytes` handed out a view of `own` since it was last filled: it must not be refilled. */
  private lent = false;
  private window: number;
  /** The last window was read along a run of close records. */
  private inRun = false;
  private lastSeek = -1;
  private stride = 0;
  private strideRuns = 0;
  /** Strided read-ahead in flight, by offset; null when the read failed. */
  private readonly ahead = new Map<number, Promise<Uint8Array | null>>();
  /** The windows after this one along a dense run, in flight, in file order: [at, end); null when the read failed. */
  private runAhead: { at: number; end: number; bytes: Promise<Uint8Array | null> }[] = [];
  private readonly minWindow: number;
  private readonly maxWindow: number;
  private readonly seekCost: number;

  constructor(
    readonly source: ByteSource,
    strategy: Partial<ReadingStrategy> = {},
  ) {
    ({ minWindow: this.minWindow, maxWindow: this.maxWindow, seekCost: this.seekCost } = { ...DEFAULT_READING, ...(source.maxRead ? { maxWindow: source.maxRead } : {}), ...strategy });
    this.window = this.minWindow;
  }

  get size(): number {
    return this.source.size;
  }

  /** Bytes [offset, offset + length), shorter only where the source ends; the caller may keep them. */
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.source.size);
    if (!(offset >= this.bufStart && end <= this.bufStart + this.buf.length)) await this.load(offset, length);
    this.lent = true;
    return this.buf.subarray(offset - this.bufStart, end - this.bufStart);
  }

  /**
   * The bytes the reader holds now; `heldAt` and `hold` say where a file offset lies in them.
   * Read them before the reader's next read: it may refill them in place.
   */
  get held(): Uint8Array {
    return this.buf;
  }

  /**
   * Makes the reader hold [offset, offset + length) (shorter only where the source ends) and
   * says where it lies in `held`: `bytes` without lending a view, so the window's buffer can be
   * refilled by the next read.
   */
  async hold(offset: number, length: number): Promise<number> {
    const i = this.holdNow(offset, length);
    if (i >= 0) return i;
    await this.load(offset, length);
    return offset - this.bufStart;
  }

  /**
   * Where [offset, offset + length) lies in `held` when the reader holds all of it, else -1:
   * the scan's hot path reads a dense stream's records there in place, without a promise or a
   * view per record, and calls `hold` only when this gives -1.
   */
  heldAt(offset: number, length: number): number {
    const i = offset - this.bufStart;
    return i >= 0 && i + length <= this.buf.length ? i : -1;
  }

  /**
   * `hold` without a promise where none is needed: where the bytes lie in `held` when the reader
   * holds them or reads its source synchronously (`readInto`), else -1 (then await `hold`). The
   * scan's loop over a file in Node thus awaits nothing per record, which matters in cold code.
   */
  holdNow(offset: number, length: number): number {
    const i = this.heldAt(offset, Math.max(0, Math.min(length, this.source.size - offset)));
    if (i >= 0 || !this.source.readInto) return i;
    this.readNow(offset, length);
    return 0;
  }

  /** Reads a new window for [offset, offset + length). */
  private async load(offset: number, length: number): Promise<void> {
    if (this.source.readInto) return this.readNow(offset, length);
    const fetch = this.nextWindow(offset, length);
    const wanted = Math.min(length, this.source.size - offset);
    const run = this.runAhead.length > 0 ? await this.takeRunAhead(offset, wanted) : null;
    const early = run ? null : await this.takeAhead(offset);
    if (run) {
      this.buf = run.bytes;
      this.bufStart = run.at;
    } else if (early && early.length >= wanted) {
      this.buf = early;
      this.bufStart = offset;
    } else {
      this.buf = await this.source.read(offset, fetch);
      this.count(this.buf);
      this.bufStart = offset;
    }
    if (this.inRun && this.window === this.maxWindow && this.maxWindow > this.minWindow) this.readRunAhead();
  }

  /** Along a dense run at the maximum window, keeps RUN_DEPTH windows after this one in flight. */
  private readRunAhead(): void {
    let from = this.bufStart + this.buf.length;
    if (this.runAhead.length > 0) from = this.runAhead[this.runAhead.length - 1]!.end;
    while (this.runAhead.length < RUN_DEPTH) {
      const at = Math.max(this.bufStart, from - this.minWindow);
      if (at + this.minWindow >= this.source.size) return;
      const end = Math.min(at + this.window, this.source.size);
      const bytes = this.source.read(at, end - at).then(
        (b) => (this.count(b), b),
        () => null,
      );
      this.runAhead.push({ at, end, bytes });
      from = end;
    }
  }

  /**
   * The read-ahead window holding [offset, offset + length), if one does; the windows before it
   * are dropped, and all of them when none holds it (the run ended).
   */
  private async takeRunAhead(offset: number, length: number): Promise<{ at: number; bytes: Uint8Array } | null> {
    const k = this.runAhead.findIndex((w) => offset >= w.at && offset + length <= w.end);
    const next = this.runAhead[k];
    this.runAhead.splice(0, k < 0 ? this.runAhead.length : k + 1);
    if (!next) return null;
    const bytes = await next.bytes;
    return bytes && bytes.length >= offset + length - next.at ? { at: next.at, bytes } : null;
  }

  /** The size of the window to read for [offset, offset + length): larger along close records, the minimum after a seek. */
  private nextWindow(offset: number, length: number): number {
    const bufEnd = this.bufStart + this.buf.length;
    const close = this.buf.length > 0 && offset >= this.bufStart && offset - bufEnd <= this.seekCost;
    this.window = close ? Math.min(this.window * 2, this.maxWindow) : this.minWindow;
    this.inRun = close;
    if (!close) this.seeked(offset);
    return Math.max(length, this.window);
  }

  /** `load` from a source that reads synchronously: into `own`, or a new buffer when `own` was lent or is too small. */
  private readNow(offset: number, length: number): void {
    const n = Math.max(0, Math.min(this.nextWindow(offset, length), this.source.size - offset));
    if (this.lent || this.own.length < n) this.own = new Uint8Array(n);
    this.lent = false;
    const b = this.own.subarray(0, n);
    this.source.readInto!(offset, b);
    this.count(b);
    this.buf = b;
    this.bufStart = offset;
  }

  private count(b: Uint8Array): void {
    this.reads++;
    this.bytesRead += b.length;
  }

  /** Tracks the stride of seeks and keeps read-ahead in flight along a confirmed one. */
  private seeked(offset: number): void {
    const stride = offset - this.lastSeek;
    this.strideRuns = this.lastSeek >= 0 && stride === this.stride && stride > this.minWindow ? this.strideRuns + 1 : 0;
    this.stride = stride;
    this.lastSeek = offset;
    // Read-ahead behind us was a wrong guess: drop it.
    for (const at of this.ahead.keys()) if (at < offset) this.ahead.delete(at);
    // Refill in batches, not one read per seek: Chromium serves a batch of File reads issued
    // together much faster than the same number kept in flight one by one.
    if (this.source.readInto || this.strideRuns < STRIDE_CONFIRMATIONS || this.ahead.size > 0) return;
    for (let k = 1; k <= STRIDE_DEPTH; k++) {
      const at = offset + k * stride;
      if (at >= this.source.size) break;
      if (this.ahead.has(at)) continue;
      this.ahead.set(
        at,
        this.source.read(at, this.minWindow).then(
          (b) => (this.count(b), b),
          () => null,
        ),
      );
    }
  }

  private async takeAhead(offset: number): Promise<Uint8Array | null> {
    const p = this.ahead.get(offset);
    if (!p) return null;
    this.ahead.delete(offset);
    return p;
  }
}
