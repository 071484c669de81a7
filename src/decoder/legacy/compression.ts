/**
 * Remus checkpoint compression (spec: legacy-stream.md §6; xc_compression.c). In "format B"
 * bodies the page contents come in COMPRESSED_DATA chunks that together decode to one page per
 * data-carrying PFN entry of the body. Each page starts with a marker byte: 0x00 = unchanged,
 * 0x80 = 4096 raw bytes follow, anything else begins a delta: run markers (bit 7 set: skip,
 * clear: copy) of 1-127 four-byte words each, until the page's 4096 bytes are covered. The scan
 * only counts the pages; a conversion also takes each page's contents.
 */
import { hex } from '../dissect/show.ts';
import { PAGE_SIZE } from '../core/sizes.ts';

const EMPTY_PAGE = 0x00;
const FULL_PAGE = 0x80;
const SKIP_FLAG = 0x80;
const WORD = 4;

/** Bytes copied into a delta page at page offset `at`. */
export interface DeltaCopy {
  at: number;
  bytes: Uint8Array;
}

/**
 * One decompressed page, numbered in the body's order, with the file offset of its marker: unchanged (its previous copy stands), full
 * (its raw bytes lie in the file: one slice, or two when it spans two chunks) or a delta (these
 * copies over its previous copy).
 */
export type CompressedPage =
  | { kind: 'unchanged'; index: number; at: number }
  | { kind: 'full'; index: number; at: number; slices: { offset: number; length: number }[] }
  | { kind: 'delta'; index: number; at: number; copies: DeltaCopy[] };

/**
 * Decodes a body's compressed data, fed in pieces in file order: counts its pages and, given a
 * sink, hands each page over as it ends. Never throws: the first encoding error stops decoding.
 */
export class PageDecompressor {
  pages = 0;
  /** The first encoding error, with its file offset. */
  error: { at: number; message: string } | null = null;
  /** Bytes of the current page covered so far; -1 between pages. */
  private pagePos = -1;
  /** Bytes still to take: raw page bytes or a copy run's words. */
  private take = 0;
  /** The page being decoded, collected only for a sink. */
  private slices: { offset: number; length: number }[] = [];
  private copies: DeltaCopy[] = [];
  private full = false;
  private pageAt = 0;

  constructor(private readonly sink?: (page: CompressedPage) => void) {}

  feed(bytes: Uint8Array, base: number): void {
    let i = 0;
    while (i < bytes.length && !this.error) {
      if (this.take > 0) {
        const n = Math.min(this.take, bytes.length - i);
        if (this.sink) this.collect(bytes, base, i, n);
        this.take -= n;
        i += n;
        if (this.take === 0 && this.pagePos >= PAGE_SIZE) this.endPage();
        continue;
      }
      const m = bytes[i]!;
      i++;
      if (this.pagePos < 0) {
        this.pageAt = base + i - 1;
        if (m === EMPTY_PAGE) {
          this.sink?.({ kind: 'unchanged', index: this.pages, at: this.pageAt });
          this.pages++;
          continue;
        }
        this.full = m === FULL_PAGE;
        if (this.full) {
          this.pagePos = PAGE_SIZE;
          this.take = PAGE_SIZE;
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
      if ((m & SKIP_FLAG) === 0) this.take = len;
      if (this.take === 0 && this.pagePos === PAGE_SIZE) this.endPage();
    }
  }

  /** `n` bytes of the current page at bytes[i]: a raw page's file slice, or a delta's copy. */
  private collect(bytes: Uint8Array, base: number, i: number, n: number): void {
    if (this.full) {
      const last = this.slices[this.slices.length - 1];
      if (last && last.offset + last.length === base + i) last.length += n;
      else this.slices.push({ offset: base + i, length: n });
    } else {
      this.copies.push({ at: this.pagePos - this.take, bytes: bytes.slice(i, i + n) });
    }
  }

  private endPage(): void {
    if (this.sink) {
      const page = { index: this.pages, at: this.pageAt };
      this.sink(this.full ? { kind: 'full', ...page, slices: this.slices } : { kind: 'delta', ...page, copies: this.copies });
      this.slices = [];
      this.copies = [];
    }
    this.pages++;
    this.pagePos = -1;
  }
}

/** A delta page: its previous copy with the delta's copies laid over it (a new array). */
export function applyDelta(previous: Uint8Array, copies: DeltaCopy[]): Uint8Array {
  const page = previous.slice(0, PAGE_SIZE);
  for (const c of copies) page.set(c.bytes, c.at);
  return page;
}
