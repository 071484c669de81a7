/**
 * Builds guest page tables with known mappings, for streams whose memory tests read back
 * through a vCPU's paging. It follows the same level table (PAGING_SHAPES) the decoder's walk
 * reads, so generator and walk agree by construction on where entries go, and differ only in
 * the bytes a test expects.
 */
import { PAGE_BYTES, PAGING_SHAPES, Pte, type PagingMode } from '../decoder/memory/paging.ts';

export class PageTableBuilder {
  /** Table pages by PFN. */
  readonly tables = new Map<number, Uint8Array>();
  /** PV page type of each table page (its level: 1 for L1 … 4 for L4). */
  readonly types = new Map<number, number>();
  readonly rootPfn: number;
  private readonly shape;

  constructor(
    readonly mode: Exclude<PagingMode, 'off'>,
    /** Hands out the PFN of each new table page, the root first. */
    private readonly allocate: () => number,
  ) {
    this.shape = PAGING_SHAPES[mode];
    this.rootPfn = this.newTable(this.shape.levels[0]!.name);
  }

  /**
   * Maps the page of `2^pageShift` bytes at `va` to guest-physical `pfn × 4096`: 12 for a
   * 4 KiB page, or a large page at the level that maps that size (21, 22 for 32-bit, 30).
   */
  map(va: bigint, pfn: number, pageShift = 12): void {
    const { levels, entryBytes } = this.shape;
    if (pfn % 2 ** (pageShift - 12) !== 0) throw new Error(`a ${2 ** pageShift}-byte page must start at a PFN that is a multiple of ${2 ** (pageShift - 12)}`);
    let table = this.rootPfn;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      const at = this.entryOffset(va, i);
      if (level.shift === pageShift) {
        this.write(table, at, BigInt(pfn) * BigInt(PAGE_BYTES) + BigInt(Pte.PRESENT | Pte.RW | (i < levels.length - 1 ? Pte.PS : 0)));
        return;
      }
      const entry = this.read(table, at);
      let next: number;
      if (entry & BigInt(Pte.PRESENT)) next = Number((entry >> 12n) & (entryBytes === 4 ? 0xfffffn : 0xffffffffffn));
      else {
        next = this.newTable(levels[i + 1]!.name);
        // PAE top-level entries allow no RW bit (reserved in PDPTEs).
        const flags = this.mode === 'pae' && i === 0 ? Pte.PRESENT : Pte.PRESENT | Pte.RW;
        this.write(table, at, BigInt(next) * BigInt(PAGE_BYTES) + BigInt(flags));
      }
      table = next;
    }
    throw new Error(`no level of ${this.mode} paging maps ${2 ** pageShift}-byte pages`);
  }

  /** Writes a raw entry for the walk's level `level` (0 = top) that covers `va`, creating tables above it. */
  setEntry(va: bigint, level: number, entry: bigint): void {
    let table = this.rootPfn;
    for (let i = 0; i < level; i++) {
      const e = this.read(table, this.entryOffset(va, i));
      if (!(e & BigInt(Pte.PRESENT))) throw new Error(`setEntry: no table at level ${i + 1} for ${va.toString(16)}; map a neighbour first`);
      table = Number((e >> 12n) & 0xffffffffffn);
    }
    this.write(table, this.entryOffset(va, level), entry);
  }

  private entryOffset(va: bigint, i: number): number {
    const l = this.shape.levels[i]!;
    return Number((va >> BigInt(l.shift)) & ((1n << BigInt(l.bits)) - 1n)) * this.shape.entryBytes;
  }

  private newTable(name: string): number {
    const pfn = this.allocate();
    this.tables.set(pfn, new Uint8Array(PAGE_BYTES));
    this.types.set(pfn, Number(name.slice(1)));
    return pfn;
  }

  private read(pfn: number, at: number): bigint {
    const v = new DataView(this.tables.get(pfn)!.buffer);
    return this.shape.entryBytes === 8 ? v.getBigUint64(at, true) : BigInt(v.getUint32(at, true));
  }

  private write(pfn: number, at: number, entry: bigint): void {
    const v = new DataView(this.tables.get(pfn)!.buffer);
    if (this.shape.entryBytes === 8) v.setBigUint64(at, entry, true);
    else v.setUint32(at, Number(entry & 0xffffffffn), true);
  }
}
