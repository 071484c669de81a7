/**
 * The MTRR entry (public arch-x86/hvm/save.h struct hvm_hw_mtrr): PAT, the variable ranges as
 * base/mask pairs, the 11 fixed-range MSRs (eight one-byte memory types each) and
 * MTRRcap/MTRRdefType. Memory types and bit layouts: Intel SDM vol. 3A §11.11.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';

export const MTRR_ENTRY_SIZE = 240;
const VAR_PAIRS = 8;

const MEMORY_TYPES: Readonly<Record<number, string>> = { 0: 'UC', 1: 'WC', 4: 'WT', 5: 'WP', 6: 'WB', 7: 'UC-' };
const memType = (t: number) => MEMORY_TYPES[t] ?? `type ${t}`;

/** The fixed-range MSRs in save order, with the first address each covers and its sub-range size. */
const FIXED: readonly [string, number, number][] = [
  ['MTRRfix64K_00000', 0x00000, 0x10000],
  ['MTRRfix16K_80000', 0x80000, 0x4000],
  ['MTRRfix16K_A0000', 0xa0000, 0x4000],
  ...[0xc0000, 0xc8000, 0xd0000, 0xd8000, 0xe0000, 0xe8000, 0xf0000, 0xf8000].map(
    (a): [string, number, number] => [`MTRRfix4K_${a.toString(16).toUpperCase()}`, a, 0x1000],
  ),
];

/** The eight types of a fixed-range MSR, "00000-0ffff WB, …", merging runs of one type. */
function fixedRanges(v: bigint, start: number, step: number): string {
  const runs: string[] = [];
  let runStart = start;
  for (let i = 0; i < 8; i++) {
    const t = Number((v >> BigInt(8 * i)) & 0xffn);
    const next = i < 7 ? Number((v >> BigInt(8 * (i + 1))) & 0xffn) : -1;
    if (t !== next) {
      runs.push(`${runStart.toString(16)}-${(start + step * (i + 1) - 1).toString(16)} ${memType(t)}`);
      runStart = start + step * (i + 1);
    }
  }
  return `${runs.join(', ')} (${hex(v)})`;
}

export function dissectMtrr(d: Dissection, at: number, length: number): void {
  if (length < MTRR_ENTRY_SIZE) {
    d.span('data', at, length, `${length} bytes (MTRR needs ${MTRR_ENTRY_SIZE})`);
    return;
  }
  d.u64('msr_pat_cr', at, (v) => `${Array.from({ length: 8 }, (_, i) => memType(Number((v >> BigInt(8 * i)) & 7n))).join(' ')} (${hex(v)})`);
  d.group('msr_mtrr_var', at + 8, 16 * VAR_PAIRS, () => `${countValid(d, at + 8)} of ${VAR_PAIRS} ranges valid`, () => {
    for (let i = 0; i < VAR_PAIRS; i++) {
      const e = at + 8 + 16 * i;
      const base = d.peekU64(e);
      const mask = d.peekU64(e + 8);
      const valid = (mask & 0x800n) !== 0n;
      d.group(`range[${i}]`, e, 16, valid ? `${hex(base & ~0xfffn)} ${memType(Number(base & 0xffn))}, mask ${hex(mask & ~0xfffn)}` : 'not valid', () => {
        d.u64(`PHYSBASE${i}`, e, (v) => `base ${hex(v & ~0xfffn)}, ${memType(Number(v & 0xffn))} (${hex(v)})`);
        d.u64(`PHYSMASK${i}`, e + 8, (v) => `mask ${hex(v & ~0xfffn)}, ${v & 0x800n ? 'valid' : 'not valid'} (${hex(v)})`);
      });
    }
  });
  d.group('msr_mtrr_fixed', at + 136, 88, '11 fixed-range MSRs', () => {
    FIXED.forEach(([name, start, step], i) => d.u64(name, at + 136 + 8 * i, (v) => fixedRanges(v, start, step)));
  });
  d.u64('msr_mtrr_cap', at + 224, (v) => `${Number(v & 0xffn)} variable ranges${v & 0x100n ? ', fixed' : ''}${v & 0x400n ? ', WC' : ''} (${hex(v)})`);
  d.u64('msr_mtrr_def_type', at + 232, (v) => `default ${memType(Number(v & 0xffn))}${v & 0x800n ? ', enabled' : ', disabled'}${v & 0x400n ? ', fixed enabled' : ''} (${hex(v)})`);
}

function countValid(d: Dissection, at: number): number {
  let n = 0;
  for (let i = 0; i < VAR_PAIRS; i++) if (d.peekU64(at + 16 * i + 8) & 0x800n) n++;
  return n;
}
