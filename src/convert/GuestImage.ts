/**
 * The guest's memory as of the checkpoint converted, for a Remus stream: each PFN's last copy.
 * Most pages are one slice of the input, kept in the guest memory model; a compressed checkpoint
 * also makes pages that are not (a raw page split across two COMPRESSED_DATA chunks, or a delta
 * applied to the page's previous copy), held here as their parts. Only delta pages hold bytes.
 */
import type { WindowedReader } from '../decoder/bytes/WindowedReader.ts';
import { PAGE_SIZE } from '../decoder/core/sizes.ts';
import { GuestMemory } from '../decoder/memory/GuestMemory.ts';
import { NO_COPY } from '../decoder/core/pageSink.ts';
import type { BodyPart } from './v2Output.ts';

export class GuestImage {
  readonly memory = new GuestMemory();
  /** Pages that are not one slice of the input, by PFN. */
  private readonly made = new Map<number, BodyPart[]>();

  /** An entry whose page is at `offset` of the input (NO_COPY: it carries none). */
  place(pfn: number, type: number, offset: number): void {
    this.made.delete(pfn);
    this.memory.addEntry(pfn, type, offset);
  }

  /** An entry whose page is made of `parts`. */
  make(pfn: number, type: number, parts: BodyPart[]): void {
    this.made.set(pfn, parts);
    this.memory.addEntry(pfn, type, null);
  }

  /** An entry whose page is unchanged: false when no earlier entry left a copy to keep. */
  keep(pfn: number, type: number): boolean {
    if (this.made.has(pfn)) {
      this.memory.addEntry(pfn, type, null);
      return true;
    }
    const offset = this.memory.offsetOf(pfn);
    if (offset === NO_COPY) return false;
    this.memory.addEntry(pfn, type, offset);
    return true;
  }

  /** The parts of `pfn`'s last copy: one slice of the input, or what was made; null when it has none. */
  partsOf(pfn: number): BodyPart[] | null {
    const made = this.made.get(pfn);
    if (made) return made;
    const offset = this.memory.offsetOf(pfn);
    return offset === NO_COPY ? null : [{ offset, length: PAGE_SIZE }];
  }

  /** The bytes of `pfn`'s last copy (a delta's base), or null when it has none. */
  async bytesOf(pfn: number, reader: WindowedReader): Promise<Uint8Array | null> {
    const parts = this.partsOf(pfn);
    if (!parts) return null;
    const page = new Uint8Array(PAGE_SIZE);
    let at = 0;
    for (const p of parts) {
      const b = p instanceof Uint8Array ? p : await reader.bytes(p.offset, p.length);
      page.set(b, at);
      at += b.length;
    }
    return page;
  }
}
