/**
 * The 512-byte FXSAVE area (Intel SDM vol. 1 §10.5.1): the x87/SSE state in a PV vCPU context's
 * fpu_ctxt, the HVM CPU entry's fpu_regs and the legacy region of an XSAVE area.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { bytesHex, hex } from '../dissect/show.ts';

export const FXSAVE_SIZE = 512;

const hexShow = (digits: number) => (v: number | bigint) => hex(v, digits);

/**
 * The FXSAVE area at `at`. `wide`: the 64-bit format (FXSAVE64: 64-bit FPU IP and DP) rather
 * than the 32-bit one (32-bit offsets with their FCS/FDS selectors), as the guest's width says.
 * Shows x87 ST0-7 and XMM0-15 as bytes; a short span shows what is there and stops.
 */
export function dissectFxsave(d: Dissection, at: number, wide: boolean): void {
  if (!d.has(at, FXSAVE_SIZE)) {
    d.span('fxsave', at, Math.max(0, Math.min(FXSAVE_SIZE, d.size - at)), 'cut short');
    return;
  }
  d.u16('fcw', at, hexShow(4));
  d.u16('fsw', at + 2, hexShow(4));
  d.u8('ftw', at + 4, hexShow(2));
  d.u16('fop', at + 6, hexShow(4));
  if (wide) {
    d.u64('fip', at + 8, hexShow(16));
    d.u64('fdp', at + 16, hexShow(16));
  } else {
    d.u32('fip', at + 8, hexShow(8));
    d.u16('fcs', at + 12, hexShow(4));
    d.u32('fdp', at + 16, hexShow(8));
    d.u16('fds', at + 20, hexShow(4));
  }
  d.u32('mxcsr', at + 24, hexShow(8));
  d.u32('mxcsr_mask', at + 28, hexShow(8));
  registers(d, 'st', at + 32, { count: 8, width: 10, slot: 16 });
  registers(d, 'xmm', at + 160, { count: 16, width: 16, slot: 16 });
}

export interface RegisterArray {
  count: number;
  /** Bytes of each register. */
  width: number;
  /** Bytes from one register to the next (x87 registers sit in 16-byte slots). */
  slot: number;
  /** Number of the first register (AVX-512's upper ZMM registers start at 16). */
  first?: number;
}

/**
 * Registers in consecutive slots, as a group of little-endian values shown high byte first, as
 * people write register contents (FXSAVE and the XSAVE components).
 */
export function registers(d: Dissection, prefix: string, at: number, r: RegisterArray): void {
  const first = r.first ?? 0;
  d.group(prefix, at, r.count * r.slot, `${r.count} registers`, () => {
    for (let i = 0; i < r.count; i++) {
      const bytes = d.bytes.subarray(at + i * r.slot, at + i * r.slot + r.width);
      // Shown only in a field tree: the scan meets every vCPU's registers in every checkpoint.
      d.span(`${prefix}${first + i}`, at + i * r.slot, r.width, () => `0x${bytesHex(bytes.slice().reverse(), r.width).replace(/ /g, '')}`);
    }
  });
}
