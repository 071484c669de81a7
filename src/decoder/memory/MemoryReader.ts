/**
 * Reads guest memory out of a save image: by PFN, guest-physical address, or guest-virtual
 * address through a vCPU's page tables, from the last copy of each page. Anything that cannot
 * be read is an answer with the reason (never an exception, never zeros made up).
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { PAGE_TYPE_NAMES } from '../core/pageTypes.ts';
import type { GuestMemory } from './GuestMemory.ts';
import { PAGE_BYTES, translate, type AddressSpace, type EntryReader, type WalkStep } from './paging.ts';

/** One page a read touched. */
export interface PagePiece {
  pfn: number;
  /** File offset of the copy read. */
  fileOffset: number;
  /** Guest-physical address of the first byte read from it. */
  physical: number;
  /** Guest-virtual address of that byte, for virtual reads. */
  virtual?: bigint;
  length: number;
}

export type PageRead = { ok: true; bytes: Uint8Array; fileOffset: number } | { ok: false; reason: string };

export type MemoryRead =
  | { ok: true; bytes: Uint8Array; pieces: PagePiece[] }
  | {
      ok: false;
      /** The address (virtual for virtual reads) where reading stopped. */
      address: bigint;
      /** The table level that failed ("L2", …), "page" for a page not in the image, or "address". */
      level: string;
      reason: string;
      /** The bytes before the failure. */
      bytes: Uint8Array;
      pieces: PagePiece[];
      steps: WalkStep[];
    };

const hexOf = (v: number | bigint): string => `0x${v.toString(16)}`;

/** Longest read allowed at once: reads are for views and exports page by page, not bulk copies. */
const MAX_READ = 16 << 20;

export class MemoryReader {
  constructor(
    private readonly source: ByteSource,
    readonly memory: GuestMemory,
  ) {}

  /** Why `pfn` has no readable copy, or null when it has one. */
  missingReason(pfn: number): string | null {
    const info = this.memory.lookup(pfn);
    if (!info) {
      const past = this.memory.maxPfn >= 0 && pfn > this.memory.maxPfn ? ` (past the highest PFN sent, ${hexOf(this.memory.maxPfn)})` : '';
      return `PFN ${hexOf(pfn)} was never sent in this image${past}`;
    }
    if (info.elsewhere) return `PFN ${hexOf(pfn)} was last sent compressed (a legacy Remus checkpoint's COMPRESSED_DATA), which is read only after converting: Convert to v2… (or xen-stream convert) decompresses it, and the converted file's memory reads`;
    if (info.offset < 0) {
      const name = PAGE_TYPE_NAMES[info.type] ?? `type ${info.type}`;
      const why = info.type === 0xf ? 'not present: ballooned out, or a populate-on-demand hole' : info.type === 0xe ? 'allocated on restore but sent without contents' : info.type === 0xd ? 'a page with a hardware error' : 'sent without contents';
      return `PFN ${hexOf(pfn)} was last sent as ${name} (${why})`;
    }
    if (info.offset + PAGE_BYTES > this.source.size) return `PFN ${hexOf(pfn)}'s copy at ${hexOf(info.offset)} runs past the end of the file`;
    return null;
  }

  /** The whole last copy of `pfn`. */
  async readPage(pfn: number): Promise<PageRead> {
    const why = this.missingReason(pfn);
    if (why) return { ok: false, reason: why };
    const fileOffset = this.memory.offsetOf(pfn);
    return { ok: true, bytes: await this.source.read(fileOffset, PAGE_BYTES), fileOffset };
  }

  /** Reads `length` bytes of guest-physical memory at `physical`. */
  readPhysical(physical: number, length: number): Promise<MemoryRead> {
    return this.readPieces(BigInt(physical), length, (a) => Promise.resolve({ ok: true as const, physical: Number(a), steps: [] }), false);
  }

  /** Reads `length` bytes at guest-virtual `va` through the page tables of `space`. */
  readVirtual(space: AddressSpace, va: bigint, length: number): Promise<MemoryRead> {
    return this.readPieces(va, length, (a) => translate(space, a, this.entryReader), true);
  }

  /** Reads page-table entries for walks. */
  readonly entryReader: EntryReader = async (physical, bytes) => {
    const pfn = Math.floor(physical / PAGE_BYTES);
    const why = this.missingReason(pfn);
    if (why) return { ok: false, reason: why };
    const b = await this.source.read(this.memory.offsetOf(pfn) + (physical % PAGE_BYTES), bytes);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { ok: true, value: bytes === 8 ? v.getBigUint64(0, true) : BigInt(v.getUint32(0, true)) };
  };

  private async readPieces(
    start: bigint,
    length: number,
    locate: (a: bigint) => ReturnType<typeof translate>,
    virtual: boolean,
  ): Promise<MemoryRead> {
    const n = Math.max(0, Math.min(length, MAX_READ));
    const out = new Uint8Array(n);
    const pieces: PagePiece[] = [];
    let done = 0;
    while (done < n) {
      const address = start + BigInt(done);
      const fail = (level: string, reason: string, steps: WalkStep[]): MemoryRead => ({ ok: false, address, level, reason, bytes: out.slice(0, done), pieces, steps });
      const t = await locate(address);
      if (!t.ok) return fail(t.level, t.reason, t.steps);
      const pfn = Math.floor(t.physical / PAGE_BYTES);
      const within = t.physical % PAGE_BYTES;
      const take = Math.min(n - done, PAGE_BYTES - within);
      const why = this.missingReason(pfn);
      if (why) return fail('page', `${virtual ? `${hexOf(address)} maps to guest-physical ${hexOf(t.physical)}, but ` : ''}${why}`, t.steps);
      const fileOffset = this.memory.offsetOf(pfn) + within;
      out.set(await this.source.read(fileOffset, take), done);
      pieces.push({ pfn, fileOffset, physical: t.physical, ...(virtual ? { virtual: address } : {}), length: take });
      done += take;
    }
    return { ok: true, bytes: out, pieces };
  }
}
