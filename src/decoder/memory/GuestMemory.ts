/**
 * The guest memory model: for every PFN a stream sent, where the last copy of its page lies in
 * the file, its page type and how many times it was sent. Built during the scan from the PFN
 * arrays the scan reads anyway (no page is read). Storage is allocated per chunk of PFN space
 * that is actually used, so a sparse PFN space costs nothing for its holes.
 */
import { NO_COPY, type PageModel, type PageSink } from '../core/pageSink.ts';

/** PFNs per storage chunk: 32768 pages = 128 MiB of guest memory, ~352 KiB of model. */
export const CHUNK_PFNS = 1 << 15;

/** What the model knows of one PFN. */
export interface PageInfo {
  pfn: number;
  /** File offset of the page's last copy, or NO_COPY when its last entry carried no data. */
  offset: number;
  /** Page type nibble of its last entry. */
  type: number;
  /** Entries naming this PFN, counting repeats (saturates at 65535). */
  sent: number;
  /** The last entry carried data but not here in the file (legacy compressed pages). */
  elsewhere: boolean;
}

/** One chunk of PFN space, the arrays indexed by PFN − base. */
export interface MemoryChunk {
  readonly base: number;
  /** File offset of each PFN's last copy; NO_COPY when none. */
  readonly offsets: Float64Array;
  readonly types: Uint8Array;
  /** 0 for a PFN never named by the stream. */
  readonly sent: Uint16Array;
}

/** Sent-but-elsewhere marker kept in the offsets column. */
const ELSEWHERE = -2;

export class GuestMemory implements PageModel {
  private readonly chunks = new Map<number, MemoryChunk>();
  /** Highest PFN named by any entry; -1 when none. */
  maxPfn = -1;
  /** Distinct PFNs named. */
  pfnCount = 0;

  /** The chunk the previous entry fell in: savers send PFNs in runs, so most entries need no map lookup. */
  private last: MemoryChunk | null = null;

  /** Records one PFN entry (a PageSink): a later copy replaces an earlier one. Runs once per entry of every scan. */
  readonly addEntry: PageSink = (pfn, type, offset) => {
    let c = this.last;
    let i = c === null ? -1 : pfn - c.base;
    if (i < 0 || i >= CHUNK_PFNS) {
      c = this.last = this.chunkFor(pfn, true);
      i = pfn - c.base;
    }
    const sent = c!.sent[i]!;
    if (sent === 0) this.pfnCount++;
    if (sent < 0xffff) c!.sent[i] = sent + 1;
    c!.types[i] = type;
    c!.offsets[i] = offset ?? ELSEWHERE;
    if (pfn > this.maxPfn) this.maxPfn = pfn;
  };

  /** What is known of `pfn`, or null when the stream never named it. */
  lookup(pfn: number): PageInfo | null {
    if (!Number.isSafeInteger(pfn) || pfn < 0) return null;
    const c = this.chunkFor(pfn, false);
    if (!c) return null;
    const i = pfn - c.base;
    const sent = c.sent[i]!;
    if (sent === 0) return null;
    const raw = c.offsets[i]!;
    return { pfn, offset: raw < 0 ? NO_COPY : raw, type: c.types[i]!, sent, elsewhere: raw === ELSEWHERE };
  }

  /** File offset of `pfn`'s last copy, or NO_COPY: the fast path for reads and exports. */
  offsetOf(pfn: number): number {
    const c = this.chunkFor(pfn, false);
    if (!c) return NO_COPY;
    const raw = c.offsets[pfn - c.base]!;
    return raw < 0 ? NO_COPY : raw;
  }

  /** The allocated chunks in PFN order (read-only views, for maps and exports). */
  usedChunks(): MemoryChunk[] {
    return [...this.chunks.values()].sort((a, b) => a.base - b.base);
  }

  /** Bytes of model storage allocated. */
  get allocatedBytes(): number {
    return this.chunks.size * CHUNK_PFNS * (8 + 1 + 2);
  }

  /** Runs of consecutive PFNs that have a copy in the file, in PFN order. */
  *presentRuns(): Generator<{ first: number; count: number }> {
    let first = -1;
    let count = 0;
    for (const c of this.usedChunks()) {
      for (let i = 0; i < CHUNK_PFNS; i++) {
        const pfn = c.base + i;
        if (c.offsets[i]! >= 0 && c.sent[i]! > 0) {
          if (count > 0 && first + count === pfn) count++;
          else {
            if (count > 0) yield { first, count };
            first = pfn;
            count = 1;
          }
        }
      }
    }
    if (count > 0) yield { first, count };
  }

  private chunkFor(pfn: number, create: true): MemoryChunk;
  private chunkFor(pfn: number, create: false): MemoryChunk | undefined;
  private chunkFor(pfn: number, create: boolean): MemoryChunk | undefined {
    const key = Math.floor(pfn / CHUNK_PFNS);
    let c = this.chunks.get(key);
    if (!c && create) {
      c = { base: key * CHUNK_PFNS, offsets: new Float64Array(CHUNK_PFNS).fill(NO_COPY), types: new Uint8Array(CHUNK_PFNS), sent: new Uint16Array(CHUNK_PFNS) };
      this.chunks.set(key, c);
    }
    return c;
  }
}
