/**
 * Remus checkpoint compression (spec: legacy-stream.md §6; xc_compression.c). In "format B"
 * bodies the page contents come in COMPRESSED_DATA chunks that together decode to one page per
 * data-carrying PFN entry of the body. Each page starts with a marker byte: 0x00 = unchanged,
 * 0x80 = 4096 raw bytes follow, anything else begins a delta: run markers (bit 7 set: skip,
 * clear: copy) of 1-127 four-byte words each, until the page's 4096 bytes are covered. Counting
 * the pages means reading the compressed bytes: the one place a legacy check needs page data.
 */
import { hex } from '../dissect/show.ts';
import { PAGE_SIZE } from '../core/sizes.ts';

const EMPTY_PAGE = 0x00;
const FULL_PAGE = 0x80;
const SKIP_FLAG = 0x80;
const WORD = 4;

/** Counts the pages in a body's compressed data, fed in pieces in file order. */
export class CompressedPageCounter {
  pages = 0;
  /** The first encoding error, with its file offset. */
  error: { at: number; message: string } | null = null;
  /** Bytes of the current page covered so far; -1 between pages. */
  private pagePos = -1;
  /** Bytes still to skip: raw page bytes or a copy run's words. */
  private skip = 0;

  feed(bytes: Uint8Array, base: number): void {
    let i = 0;
    while (i < bytes.length && !this.error) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, bytes.length - i);
        this.skip -= n;
        i += n;
        if (this.skip === 0 && this.pagePos >= PAGE_SIZE) this.endPage();
        continue;
      }
      const m = bytes[i]!;
      i++;
      if (this.pagePos < 0) {
        if (m === EMPTY_PAGE) {
          this.pages++;
          continue;
        }
        if (m === FULL_PAGE) {
          this.pagePos = PAGE_SIZE;
          this.skip = PAGE_SIZE;
          continue;
        }
        this.pagePos = 0;
      }
      const len = (m & 0x7f) * WORD;
      if (len === 0) {
        this.error = { at: base + i - 1, message: `zero-length run marker ${hex(m)} inside page ${this.pages}` };
        return;
      }
      this.pagePos += len;
      if (this.pagePos > PAGE_SIZE) {
        this.error = { at: base + i - 1, message: `run marker ${hex(m)} goes past the end of page ${this.pages}` };
        return;
      }
      if ((m & SKIP_FLAG) === 0) this.skip = len;
      if (this.skip === 0 && this.pagePos === PAGE_SIZE) this.endPage();
    }
  }

  private endPage(): void {
    this.pages++;
    this.pagePos = -1;
  }
}
