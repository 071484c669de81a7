/**
 * The LAPIC_REGS entry: the 1 KiB local APIC register page as the guest sees it (Intel SDM vol. 3A
 * §11.4.1, table 11-1): 32-bit registers at 16-byte strides. Named registers are shown by name;
 * the 256-bit ISR, TMR and IRR are shown as their eight 32-bit words.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';

export const LAPIC_PAGE_SIZE = 1024;

const words = (name: string, base: number): [number, string][] =>
  Array.from({ length: 8 }, (_, i) => [base + 0x10 * i, `${name}${i}`]);

/** Register offsets in the page and their names. */
export const LAPIC_REGISTERS: readonly [number, string][] = [
  [0x020, 'ID'],
  [0x030, 'VERSION'],
  [0x080, 'TPR'],
  [0x090, 'APR'],
  [0x0a0, 'PPR'],
  [0x0b0, 'EOI'],
  [0x0c0, 'RRD'],
  [0x0d0, 'LDR'],
  [0x0e0, 'DFR'],
  [0x0f0, 'SVR'],
  ...words('ISR', 0x100),
  ...words('TMR', 0x180),
  ...words('IRR', 0x200),
  [0x280, 'ESR'],
  [0x2f0, 'LVT_CMCI'],
  [0x300, 'ICR_LOW'],
  [0x310, 'ICR_HIGH'],
  [0x320, 'LVT_TIMER'],
  [0x330, 'LVT_THERMAL'],
  [0x340, 'LVT_PMC'],
  [0x350, 'LVT_LINT0'],
  [0x360, 'LVT_LINT1'],
  [0x370, 'LVT_ERROR'],
  [0x380, 'TIMER_INITIAL_COUNT'],
  [0x390, 'TIMER_CURRENT_COUNT'],
  [0x3e0, 'TIMER_DIVIDE_CONFIG'],
];

/** An LVT entry: vector, delivery mode, masked (SDM vol. 3A figure 11-8). */
function lvt(v: number): string {
  return `vector ${hex(v & 0xff)}${v & 0x10000 ? ', masked' : ''} (${hex(v, 8)})`;
}

const SHOW: Readonly<Record<string, (v: number) => string>> = {
  ID: (v) => `APIC id ${v >>> 24} (${hex(v, 8)})`,
  VERSION: (v) => `version ${hex(v & 0xff)}, max LVT ${(v >>> 16) & 0xff} (${hex(v, 8)})`,
  SVR: (v) => `spurious vector ${hex(v & 0xff)}, APIC ${v & 0x100 ? 'enabled' : 'software-disabled'} (${hex(v, 8)})`,
};

/** The page at [at, at + length); a short page shows the registers it reaches. */
export function dissectLapicRegs(d: Dissection, at: number, length: number): void {
  for (const [off, name] of LAPIC_REGISTERS) {
    if (off + 4 > length) break;
    d.u32(name, at + off, SHOW[name] ?? (name.startsWith('LVT_') ? lvt : (v) => hex(v, 8)));
  }
}
