import type { ByteSource } from './ByteSource.ts';

const KiB = 1024;

/**
 * Serves the scanners' small reads from one window over the source, with read-ahead that grows
 * while reads stay sequential and shrinks back after a seek. The cost model is the number of
 * source reads (about 1-2 ms each for a browser File), so runs of small records come from a few
 * big reads, and a seek past a large record body fetches only a small window at its far side:
 * a PAGE_DATA record header plus its PFN array fits in the minimum window.
 */
export class WindowedReader {
  /** Number of reads made on the source. */
  reads = 0;
  /** Bytes fetched from the source, including read-ahead that went unused. */
  bytesRead = 0;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  private window: number;

  constructor(
    readonly source: ByteSource,
    private readonly minWindow = 16 * KiB,
    private readonly maxWindow = 1024 * KiB,
  ) {
    this.window = minWindow;
  }

  get size(): number {
    return this.source.size;
  }

  /** Bytes [offset, offset + length), shorter only where the source ends. */
  async bytes(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.source.size);
    const bufEnd = this.bufStart + this.buf.length;
    if (offset >= this.bufStart && end <= bufEnd) {
      return this.buf.subarray(offset - this.bufStart, end - this.bufStart);
    }
    const sequential = offset >= this.bufStart && offset <= bufEnd && this.buf.length > 0;
    this.window = sequential ? Math.min(this.window * 2, this.maxWindow) : this.minWindow;
    const fetch = Math.max(length, this.window);
    this.buf = await this.source.read(offset, fetch);
    this.bufStart = offset;
    this.reads++;
    this.bytesRead += this.buf.length;
    return this.buf.subarray(0, Math.min(length, this.buf.length));
  }
}
