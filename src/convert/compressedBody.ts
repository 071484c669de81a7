/**
 * One "format B" body of a compressed Remus checkpoint (spec: legacy-stream.md §6), converted into
 * the guest image: its batches name the PFNs, its COMPRESSED_DATA chunks then bring one page per
 * data-carrying entry, in entry order. A full page stays a slice of the input, an unchanged one
 * keeps its last copy, a delta is applied to that copy and held.
 */
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import type { WindowedReader } from '../decoder/bytes/WindowedReader.ts';
import { hex } from '../decoder/dissect/show.ts';
import { applyDelta, PageDecompressor, type CompressedPage } from '../decoder/legacy/compression.ts';
import { legacyPageHasData } from '../decoder/legacy/constants.ts';
import { NO_COPY } from '../decoder/core/pageSink.ts';
import { ConversionRefused } from './ConversionRefused.ts';
import type { GuestImage } from './GuestImage.ts';

/** Compressed data is read in pieces of this size: a piece's pages are placed before the next is read. */
const PIECE = 1 << 16;

const pfnOf = (entry: number): number => entry & 0x0fffffff;
const typeOf = (entry: number): number => entry >>> 28;

export class CompressedBody {
  /** The body's PFN entries in order, as (type << 28 | pfn) (8 bytes each, for bodies of millions), and the next one still waiting for its page. */
  private readonly entries: number[] = [];
  private next = 0;
  private pages: CompressedPage[] = [];
  private readonly decompressor = new PageDecompressor((p) => this.pages.push(p));

  constructor(
    private readonly image: GuestImage,
    private readonly source: ByteSource,
    private readonly reader: WindowedReader,
  ) {}

  /** A PFN entry of one of the body's batches. */
  entry(pfn: number, type: number): void {
    this.entries.push(((type << 28) | pfn) >>> 0);
  }

  /** A COMPRESSED_DATA chunk's data, [at, at + length) of the input. */
  async chunk(at: number, length: number): Promise<void> {
    for (let off = at; off < at + length; off += PIECE) {
      this.decompressor.feed(await this.source.read(off, Math.min(PIECE, at + length - off)), off);
      const e = this.decompressor.error;
      if (e) throw new ConversionRefused(`compressed page data is malformed: ${e.message}`, e.at);
      for (const p of this.pages) await this.page(p);
      this.pages = [];
    }
  }

  /** The body's end at `at`: every data-carrying entry must have had its page. */
  end(at: number): void {
    this.placeWithoutData();
    if (this.next < this.entries.length) {
      throw new ConversionRefused(`the body ends before the compressed page of PFN ${hex(pfnOf(this.entries[this.next]!))} (page ${this.decompressor.pages} of the body's compressed data)`, at);
    }
  }

  /** Entries before the next data-carrying one: their PFNs have no page. */
  private placeWithoutData(): void {
    for (let e = this.entries[this.next]; e !== undefined && !legacyPageHasData(typeOf(e)); e = this.entries[++this.next]) this.image.place(pfnOf(e), typeOf(e), NO_COPY);
  }

  private async page(p: CompressedPage): Promise<void> {
    this.placeWithoutData();
    // Pages beyond the entries are not loaded by the restorer either.
    const word = this.entries[this.next++];
    if (word === undefined) return;
    const e = { pfn: pfnOf(word), type: typeOf(word) };
    if (p.kind === 'full') {
      if (p.slices.length === 1) this.image.place(e.pfn, e.type, p.slices[0]!.offset);
      else this.image.make(e.pfn, e.type, p.slices);
    } else if (p.kind === 'unchanged') {
      if (!this.image.keep(e.pfn, e.type)) throw new ConversionRefused(`compressed page ${p.index} (PFN ${hex(e.pfn)}) is marked unchanged, but no earlier checkpoint sent that page`, p.at);
    } else {
      const previous = await this.image.bytesOf(e.pfn, this.reader);
      if (!previous) throw new ConversionRefused(`compressed page ${p.index} (PFN ${hex(e.pfn)}) is a delta, but no earlier checkpoint sent the page it changes`, p.at);
      this.image.make(e.pfn, e.type, [applyDelta(previous, p.copies)]);
    }
  }
}
