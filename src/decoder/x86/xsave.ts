/**
 * The XSAVE area (Intel SDM vol. 1 ch. 13): the 512-byte legacy region (FXSAVE layout), the
 * 64-byte XSAVE header, then one extended component per XCR0 bit. Xen saves it in the standard
 * (uncompacted) format, where each user component sits at a fixed offset; the prefixes before
 * it are those of Xen's PV XSAVE record (xcr0, xcr0_accum) and HVM CPU_XSAVE entry (public
 * arch-x86/hvm/save.h: xfeature_mask, xcr0, xcr0_accum).
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import { dissectFxsave, FXSAVE_SIZE, registers } from './fxsave.ts';

interface XstateComponent {
  /** Xen's X86_XCR0_* / X86_XSS_* name. */
  name: string;
  /** What it holds, as the SDM calls it. */
  what: string;
  /** Offset and size in the standard format; absent for supervisor components (XSAVES only). */
  offset?: number;
  size?: number;
  /** Dissects the component's bytes at `at`. */
  body?: (d: Dissection, at: number) => void;
}

/** XSTATE components by bit (SDM vol. 1 §13.1-13.5, table 13-1; AMD APM for LWP). */
export const XSTATE_COMPONENTS: Readonly<Record<number, XstateComponent>> = {
  0: { name: 'FP', what: 'x87' },
  1: { name: 'SSE', what: 'SSE (XMM, MXCSR)' },
  2: { name: 'YMM', what: 'AVX (YMM_Hi128)', offset: 576, size: 256, body: (d, at) => registers(d, 'ymmh', at, { count: 16, width: 16, slot: 16 }) },
  3: { name: 'BNDREGS', what: 'MPX bound registers', offset: 960, size: 64, body: (d, at) => registers(d, 'bnd', at, { count: 4, width: 16, slot: 16 }) },
  4: {
    name: 'BNDCSR',
    what: 'MPX BNDCFGU/BNDSTATUS',
    offset: 1024,
    size: 64,
    body: (d, at) => {
      d.u64('bndcfgu', at, (v) => hex(v));
      d.u64('bndstatus', at + 8, (v) => hex(v));
    },
  },
  5: { name: 'OPMASK', what: 'AVX-512 opmask', offset: 1088, size: 64, body: (d, at) => registers(d, 'k', at, { count: 8, width: 8, slot: 8 }) },
  6: { name: 'ZMM', what: 'AVX-512 ZMM_Hi256', offset: 1152, size: 512, body: (d, at) => registers(d, 'zmmh', at, { count: 16, width: 32, slot: 32 }) },
  7: { name: 'HI_ZMM', what: 'AVX-512 Hi16_ZMM', offset: 1664, size: 1024, body: (d, at) => registers(d, 'zmm', at, { count: 16, width: 64, slot: 64, first: 16 }) },
  8: { name: 'PROC_TRACE', what: 'Processor Trace (supervisor)' },
  9: { name: 'PKRU', what: 'protection keys', offset: 2688, size: 8, body: (d, at) => void d.u32('pkru', at, (v) => hex(v, 8)) },
  10: { name: 'PASID', what: 'PASID (supervisor)' },
  11: { name: 'CET_U', what: 'CET user state (supervisor)' },
  12: { name: 'CET_S', what: 'CET supervisor state (supervisor)' },
  13: { name: 'HDC', what: 'HDC (supervisor)' },
  14: { name: 'UINTR', what: 'user interrupts (supervisor)' },
  15: { name: 'LBR', what: 'arch LBR (supervisor)' },
  16: { name: 'HWP', what: 'HWP (supervisor)' },
  17: { name: 'XTILECFG', what: 'AMX TILECFG', offset: 2752, size: 64 },
  18: { name: 'XTILEDATA', what: 'AMX TILEDATA', offset: 2816, size: 8192 },
  62: { name: 'LWP', what: 'AMD lightweight profiling', offset: 832, size: 128 },
};

export const XSAVE_HEADER_SIZE = 64;
const XCOMP_BV_COMPACTED = 1n << 63n;

/** The component names of an XCR0/XSTATE_BV-style mask, "FP | SSE | YMM (0x7)". */
export function xstateNames(mask: bigint): string {
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if (!((mask >> BigInt(bit)) & 1n)) continue;
    names.push(XSTATE_COMPONENTS[bit]?.name ?? (bit === 63 ? 'COMPACTED' : `bit ${bit}`));
  }
  return `${names.length ? names.join(' | ') : 'none'} (${hex(mask)})`;
}

/**
 * The XSAVE area at [at, at + length): legacy region, header, and each component whose
 * XSTATE_BV bit is set at its standard offset. A component whose bit is clear is in its initial
 * state and has no bytes to show; a compacted area's offsets depend on the saving CPU's
 * alignment flags (CPUID 0xD), which the stream does not carry, so its components stay bytes.
 */
export function dissectXsaveArea(d: Dissection, at: number, length: number): void {
  const end = at + length;
  dissectFxsave(d, at, true);
  const hdr = at + FXSAVE_SIZE;
  if (!d.has(hdr, XSAVE_HEADER_SIZE) || hdr + XSAVE_HEADER_SIZE > end) {
    if (end > hdr) d.span('xsave header (cut short)', hdr, end - hdr, `${end - hdr} bytes`);
    return;
  }
  const bv = d.u64('xstate_bv', hdr, xstateNames);
  const comp = d.u64('xcomp_bv', hdr + 8, xstateNames);
  d.span('reserved', hdr + 16, XSAVE_HEADER_SIZE - 16, 'header reserved bytes');
  const ext = hdr + XSAVE_HEADER_SIZE;
  if (ext >= end) return;
  if (comp & XCOMP_BV_COMPACTED) {
    d.span('extended components (compacted)', ext, end - ext, `${end - ext} bytes: compacted layout depends on the CPU, not shown by component`);
    return;
  }
  for (let bit = 2; bit < 64; bit++) {
    const c = XSTATE_COMPONENTS[bit];
    if (!((bv >> BigInt(bit)) & 1n) || !c?.offset || !c.size) continue;
    const where = at + c.offset;
    if (where + c.size > end) {
      d.span(c.name, Math.min(where, end), Math.max(0, end - where), `${c.what}: beyond the end of the area`);
      continue;
    }
    const body = c.body;
    if (body) d.group(c.name, where, c.size, c.what, () => body(d, where));
    else d.span(c.name, where, c.size, `${c.what}, ${c.size} bytes`);
  }
}

/**
 * An XSAVE context: the HVM CPU_XSAVE entry (`hvm`: xfeature_mask first) or the PV XSAVE
 * record's blob, then the area.
 */
export function dissectXsaveContext(d: Dissection, at: number, length: number, hvm: boolean): void {
  let pos = at;
  const end = at + length;
  if (hvm && pos + 8 <= end) {
    d.u64('xfeature_mask', pos, (v) => `${hex(v)} (ignored on load)`);
    pos += 8;
  }
  if (pos + 16 > end) return;
  d.u64('xcr0', pos, xstateNames);
  d.u64('xcr0_accum', pos + 8, xstateNames);
  pos += 16;
  if (pos < end) d.group('xsave area', pos, end - pos, `${end - pos} bytes`, () => dissectXsaveArea(d, pos, end - pos));
}
