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
  registers(d, 'st', at + 32, 8, 10);
  registers(d, 'xmm', at + 160, 16, 16);
}

/** `count` registers of `width` bytes in 16-byte slots, as a group of byte strings (high byte first). */
function registers(d: Dissection, prefix: string, at: number, count: number, width: number): void {
  d.group(prefix, at, count * 16, `${count} registers`, () => {
    for (let i = 0; i < count; i++) {
      const bytes = d.bytes.subarray(at + i * 16, at + i * 16 + width);
      d.span(`${prefix}${i}`, at + i * 16, width, `0x${bytesHex(bytes.slice().reverse(), width).replace(/ /g, '')}`);
    }
  });
}
