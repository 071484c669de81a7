/**
 * x86 page-table walks over guest memory in a save image. In a save image PV page tables and
 * cr3 hold PFNs ("normalised", spec: libxc-stream.md §6.2) and HVM ones guest-physical
 * addresses; both are PFN × 4096, so one walk serves both once cr3 is turned into the address
 * of the top-level table. Entry formats: Intel SDM vol. 3 §4.3 (32-bit), §4.4 (PAE), §4.5
 * (4-level and, with cr4.LA57, 5-level).
 */
import { pvCr3Pfn, pvPfnToCr3 } from '../core/cr3.ts';
import { PAGE_SIZE } from '../core/sizes.ts';

/** The cr3 folding lives in core; re-exported for the walk's callers. */
export { pvCr3Pfn, pvPfnToCr3 };

export const PAGE_BYTES = PAGE_SIZE;

/** Paging modes a vCPU can be in, as far as reading its memory goes. */
export type PagingMode = 'long5' | 'long' | 'pae' | '32bit' | 'off';

/** PTE bits. */
export const Pte = { PRESENT: 1, RW: 2, USER: 4, PS: 0x80 } as const;

/** Control-register bits that pick the paging mode. */
export const Cr = { CR0_PG: 0x80000000, CR4_PSE: 0x10, CR4_PAE: 0x20, CR4_LA57: 0x1000, EFER_LMA: 0x400 } as const;

export interface PagingLevel {
  /** Xen's name for the table (L4 is the top of 4-level paging). */
  name: string;
  /** Lowest virtual-address bit this level indexes. */
  shift: number;
  /** Virtual-address bits this level indexes. */
  bits: number;
  /** An entry with PS set maps a page of 2^shift bytes here. */
  large: boolean;
}

export interface PagingShape {
  entryBytes: 4 | 8;
  levels: PagingLevel[];
}

/** The table levels of each paging mode, top first: walks and the generator's table builder read it. */
const LONG_LEVELS: PagingLevel[] = [
  { name: 'L4', shift: 39, bits: 9, large: false },
  { name: 'L3', shift: 30, bits: 9, large: true },
  { name: 'L2', shift: 21, bits: 9, large: true },
  { name: 'L1', shift: 12, bits: 9, large: false },
];

export const PAGING_SHAPES: Record<Exclude<PagingMode, 'off'>, PagingShape> = {
  long5: { entryBytes: 8, levels: [{ name: 'L5', shift: 48, bits: 9, large: false }, ...LONG_LEVELS] },
  long: { entryBytes: 8, levels: LONG_LEVELS },
  pae: {
    entryBytes: 8,
    levels: [
      { name: 'L3', shift: 30, bits: 2, large: false },
      { name: 'L2', shift: 21, bits: 9, large: true },
      { name: 'L1', shift: 12, bits: 9, large: false },
    ],
  },
  '32bit': {
    entryBytes: 4,
    levels: [
      { name: 'L2', shift: 22, bits: 10, large: true },
      { name: 'L1', shift: 12, bits: 10, large: false },
    ],
  },
};

/** How to translate a vCPU's virtual addresses. */
export interface AddressSpace {
  mode: PagingMode;
  /** Guest-physical address of the top-level table (unused when paging is off). */
  root: number;
  /** 32-bit paging: cr4.PSE allows 4 MiB pages. */
  pse: boolean;
}

/** One table entry the walk read. */
export interface WalkStep {
  level: string;
  /** Guest-physical address of the entry. */
  entryAddress: number;
  entry: bigint;
}

export type Translation =
  | { ok: true; physical: number; steps: WalkStep[] }
  | { ok: false; level: string; reason: string; steps: WalkStep[] };

/** Reads a page-table entry at a guest-physical address, or says why it cannot. */
export type EntryReader = (physical: number, bytes: 4 | 8) => Promise<{ ok: true; value: bigint } | { ok: false; reason: string }>;

const hexOf = (v: number | bigint): string => `0x${v.toString(16)}`;

/** Frame address bits of a 64-bit entry (12-51); of a 32-bit one (12-31). */
function frameOf(entry: bigint, entryBytes: 4 | 8): number {
  return Number(entryBytes === 8 ? entry & 0x000ffffffffff000n : entry & 0xfffff000n);
}

/** Base of a large page: the frame aligned to its size; 32-bit 4 MiB pages keep bits 32-39 in 13-20 (PSE-36). */
function largeBase(entry: bigint, entryBytes: 4 | 8, shift: number): number {
  if (entryBytes === 4) return Number(entry & 0xffc00000n) + Number((entry >> 13n) & 0xffn) * 2 ** 32;
  const mask = (1n << BigInt(shift)) - 1n;
  return Number(entry & 0x000ffffffffff000n & ~mask);
}

/** Whether a long-mode address is canonical: the bits above the top level's (47 or 56) all equal it. */
function canonical(va: bigint, topBit: number): boolean {
  const top = va >> BigInt(topBit);
  return top === 0n || top === (1n << BigInt(64 - topBit)) - 1n;
}

/** Translates a guest-virtual address; a failure names the table level and the reason. */
export async function translate(space: AddressSpace, va: bigint, readEntry: EntryReader): Promise<Translation> {
  const steps: WalkStep[] = [];
  if (va < 0n || va >= 1n << 64n) return { ok: false, level: 'address', reason: `${hexOf(va)} is not a 64-bit address`, steps };
  if (space.mode === 'off') {
    if (va >= 1n << 32n) return { ok: false, level: 'address', reason: `paging is off: ${hexOf(va)} is past 4 GiB`, steps };
    return { ok: true, physical: Number(va), steps };
  }
  const shape = PAGING_SHAPES[space.mode];
  const long = space.mode === 'long' || space.mode === 'long5';
  const topBit = shape.levels[0]!.shift + shape.levels[0]!.bits - 1;
  if (long && !canonical(va, topBit)) return { ok: false, level: 'address', reason: `${hexOf(va)} is not canonical (bits ${topBit}-63 differ)`, steps };
  if (!long && va >= 1n << 32n) return { ok: false, level: 'address', reason: `${hexOf(va)} is past the 4 GiB a ${space.mode === 'pae' ? 'PAE' : '32-bit'} guest can address`, steps };
  let table = space.root;
  for (const level of shape.levels) {
    const index = Number((va >> BigInt(level.shift)) & ((1n << BigInt(level.bits)) - 1n));
    const entryAddress = table + index * shape.entryBytes;
    const read = await readEntry(entryAddress, shape.entryBytes);
    if (!read.ok) return { ok: false, level: level.name, reason: `cannot read the ${level.name} table at ${hexOf(table)}: ${read.reason}`, steps };
    const entry = read.value;
    steps.push({ level: level.name, entryAddress, entry });
    if ((entry & BigInt(Pte.PRESENT)) === 0n) {
      return { ok: false, level: level.name, reason: `${level.name}[${index}] at ${hexOf(entryAddress)} is not present (${hexOf(entry)})`, steps };
    }
    const isLarge = level.large && (entry & BigInt(Pte.PS)) !== 0n && (shape.entryBytes === 8 || space.pse);
    if (isLarge) {
      const offset = Number(va & ((1n << BigInt(level.shift)) - 1n));
      return { ok: true, physical: largeBase(entry, shape.entryBytes, level.shift) + offset, steps };
    }
    table = frameOf(entry, shape.entryBytes);
  }
  return { ok: true, physical: table + Number(va & 0xfffn), steps };
}

/** The paging mode an HVM/PVH vCPU is in, from cr0, cr4 and EFER. */
export function hvmAddressSpace(cr0: bigint, cr3: bigint, cr4: bigint, efer: bigint): AddressSpace {
  const pse = (cr4 & BigInt(Cr.CR4_PSE)) !== 0n;
  if ((cr0 & BigInt(Cr.CR0_PG)) === 0n) return { mode: 'off', root: 0, pse };
  if ((cr4 & BigInt(Cr.CR4_PAE)) === 0n) return { mode: '32bit', root: Number(cr3 & 0xfffff000n), pse };
  if ((efer & BigInt(Cr.EFER_LMA)) === 0n) return { mode: 'pae', root: Number(cr3 & 0xffffffe0n), pse };
  return { mode: (cr4 & BigInt(Cr.CR4_LA57)) !== 0n ? 'long5' : 'long', root: Number(cr3 & 0x000ffffffffff000n), pse };
}

/**
 * A PV vCPU's address space from its ctrlreg[3] (spec: libxc-stream.md §6.5): 64-bit guests
 * keep the top table's PFN in bits 12+, 32-bit (PAE) guests fold PFN bits 20+ into bits 0-11.
 */
export function pvAddressSpace(width: 4 | 8, cr3: bigint): AddressSpace {
  return { mode: width === 8 ? 'long' : 'pae', root: pvCr3Pfn(width, cr3) * PAGE_BYTES, pse: false };
}
