/**
 * The HVM context blob (body of HVM_CONTEXT, and of the legacy HVM tail): descriptors and
 * entries as Xen's save.c writes them, and the checks the hypervisor makes when loading it
 * (spec: hvm-context.md §1, validation-checks.md §H).
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { decHex, hex, named } from '../dissect/show.ts';
import { dissectFxsave } from '../x86/fxsave.ts';
import { dissectMsrList, VCPU_MSR_ENTRY } from '../x86/msrs.ts';
import { dissectXsaveContext } from '../x86/xsave.ts';
import { entrySizeEra } from './entrySizes.ts';
import { dissectLapicRegs } from './lapic.ts';
import { dissectMtrr } from './mtrr.ts';

/** How Xen checks an entry's length when loading it. */
type LoadRule = 'strict' | 'zeroext' | 'xsave' | 'msr' | 'end' | 'header';

interface EntryType {
  name: string;
  size: number;
  load: LoadRule;
  perVcpu: boolean;
  /**
   * Fields as [name, offset, size] with size 1/2/4/8 for numbers, other sizes shown as bytes;
   * empty for the types with a dissector of their own (ENTRY_DISSECTORS).
   */
  layout: [string, number, number][];
}

const seq = (names: string[], start: number, size: number): [string, number, number][] =>
  names.map((n, i) => [n, start + i * size, size]);

const CPU_LAYOUT: [string, number, number][] = [
  ['fpu_regs', 0, 512],
  ...seq(['rax', 'rbx', 'rcx', 'rdx', 'rbp', 'rsi', 'rdi', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'], 512, 8),
  ['rip', 640, 8],
  ['rflags', 648, 8],
  ...seq(['cr0', 'cr2', 'cr3', 'cr4'], 656, 8),
  ...seq(['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'], 688, 8),
  ...seq(['cs_sel', 'ds_sel', 'es_sel', 'fs_sel', 'gs_sel', 'ss_sel', 'tr_sel', 'ldtr_sel'], 736, 4),
  ...seq(['cs_limit', 'ds_limit', 'es_limit', 'fs_limit', 'gs_limit', 'ss_limit', 'tr_limit', 'ldtr_limit', 'idtr_limit', 'gdtr_limit'], 768, 4),
  ...seq(['cs_base', 'ds_base', 'es_base', 'fs_base', 'gs_base', 'ss_base', 'tr_base', 'ldtr_base', 'idtr_base', 'gdtr_base'], 808, 8),
  ...seq(['cs_arbytes', 'ds_arbytes', 'es_arbytes', 'fs_arbytes', 'gs_arbytes', 'ss_arbytes', 'tr_arbytes', 'ldtr_arbytes'], 888, 4),
  ['sysenter_cs', 920, 8],
  ['sysenter_esp', 928, 8],
  ['sysenter_eip', 936, 8],
  ['shadow_gs', 944, 8],
  ['msr_flags', 952, 8],
  ...seq(['msr_lstar', 'msr_star', 'msr_cstar', 'msr_syscall_mask', 'msr_efer', 'msr_tsc_aux', 'tsc'], 960, 8),
  ['pending_event', 1016, 4],
  ['error_code', 1020, 4],
  ['flags', 1024, 4],
  ['pad0', 1028, 4],
];

/** A field of the CPU entry (hvm_hw_cpu) by name; throws on a name the layout lacks (a programming error). */
export function hvmCpuField(name: string): { offset: number; size: number } {
  const f = CPU_LAYOUT.find(([n]) => n === name);
  if (!f) throw new Error(`the HVM CPU entry has no field ${name}`);
  return { offset: f[1], size: f[2] };
}

/** The CPU entry as Xen before 3.4 wrote it (1016 bytes): no msr_tsc_aux, so what follows sits 8 bytes lower. */
const CPU_COMPAT_LAYOUT: [string, number, number][] = [
  ...CPU_LAYOUT.filter(([, off]) => off < 1000),
  ['tsc', 1000, 8],
  ['pending_event', 1008, 4],
  ['error_code', 1012, 4],
];

export const HVM_ENTRY_TYPES: Record<number, EntryType> = {
  0: { name: 'END', size: 0, load: 'end', perVcpu: false, layout: [] },
  1: {
    name: 'HEADER',
    size: 24,
    load: 'header',
    perVcpu: false,
    layout: [
      ['magic', 0, 4],
      ['version', 4, 4],
      ['changeset', 8, 8],
      ['cpuid', 16, 4],
      ['gtsc_khz', 20, 4],
    ],
  },
  2: { name: 'CPU', size: 1032, load: 'zeroext', perVcpu: true, layout: CPU_LAYOUT },
  3: {
    name: 'PIC',
    size: 8,
    load: 'strict',
    perVcpu: false,
    layout: [...seq(['irr', 'imr', 'isr', 'irq_base', 'init_state/priority_add', 'mode_bits', 'elcr', 'int_output'], 0, 1)],
  },
  4: {
    name: 'IOAPIC',
    size: 400,
    load: 'strict',
    perVcpu: false,
    layout: [['base_address', 0, 8], ['ioregsel', 8, 4], ['id', 12, 4], ...seq(Array.from({ length: 48 }, (_, i) => `redirtbl[${i}]`), 16, 8)],
  },
  5: {
    name: 'LAPIC',
    size: 32,
    load: 'zeroext',
    perVcpu: true,
    layout: [['apic_base_msr', 0, 8], ['disabled', 8, 4], ['timer_divisor', 12, 4], ['tdt_msr', 16, 8], ['pending_esr', 24, 4], ['pad', 28, 4]],
  },
  6: { name: 'LAPIC_REGS', size: 1024, load: 'strict', perVcpu: true, layout: [] },
  7: { name: 'PCI_IRQ', size: 16, load: 'strict', perVcpu: false, layout: [['pad', 0, 16]] },
  8: { name: 'ISA_IRQ', size: 8, load: 'strict', perVcpu: false, layout: [['pad', 0, 8]] },
  9: { name: 'PCI_LINK', size: 8, load: 'strict', perVcpu: false, layout: [...seq(['route[0]', 'route[1]', 'route[2]', 'route[3]'], 0, 1), ['pad', 4, 4]] },
  10: {
    name: 'PIT',
    size: 56,
    load: 'strict',
    perVcpu: false,
    layout: [['channels', 0, 48], ['speaker_data_on', 48, 4], ['pad', 52, 4]],
  },
  11: { name: 'RTC', size: 24, load: 'zeroext', perVcpu: false, layout: [['cmos_data', 0, 14], ['cmos_index', 14, 1], ['pad', 15, 1], ['rtc_offset', 16, 8]] },
  12: { name: 'HPET', size: 1048, load: 'strict', perVcpu: false, layout: [['capability', 0, 8], ['config', 16, 8], ['isr', 32, 8], ['mc64', 240, 8], ['timers', 256, 96], ['period', 1024, 24]] },
  13: { name: 'PMTIMER', size: 8, load: 'strict', perVcpu: false, layout: [['tmr_val', 0, 4], ['pm1a_sts', 4, 2], ['pm1a_en', 6, 2]] },
  14: { name: 'MTRR', size: 240, load: 'strict', perVcpu: true, layout: [] },
  15: { name: 'VIRIDIAN_DOMAIN', size: 32, load: 'zeroext', perVcpu: false, layout: seq(['hypercall_gpa', 'guest_os_id', 'time_ref_count', 'reference_tsc'], 0, 8) },
  16: { name: 'CPU_XSAVE', size: 600, load: 'xsave', perVcpu: true, layout: [] },
  17: {
    name: 'VIRIDIAN_VCPU',
    size: 216,
    load: 'zeroext',
    perVcpu: true,
    layout: [
      ['vp_assist_msr', 0, 8],
      ['apic_assist_pending', 8, 1],
      ['pad', 9, 7],
      ['simp_msr', 16, 8],
      ...seq(Array.from({ length: 16 }, (_, i) => `sint_msr[${i}]`), 24, 8),
      ...seq(Array.from({ length: 4 }, (_, i) => `stimer_config_msr[${i}]`), 152, 8),
      ...seq(Array.from({ length: 4 }, (_, i) => `stimer_count_msr[${i}]`), 184, 8),
    ],
  },
  18: { name: 'VMCE_VCPU', size: 32, load: 'zeroext', perVcpu: true, layout: seq(['caps', 'mci_ctl2_bank0', 'mci_ctl2_bank1', 'mcg_ext_ctl'], 0, 8) },
  19: { name: 'TSC_ADJUST', size: 8, load: 'strict', perVcpu: true, layout: [['tsc_adjust', 0, 8]] },
  20: { name: 'CPU_MSR', size: 24, load: 'msr', perVcpu: true, layout: [] },
};

export const HVM_HEADER_MAGIC = 0x54381286;
export const HVM_XSAVE_MIN = 600;

export const HVM_ENTRY_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(HVM_ENTRY_TYPES).map(([k, v]) => [k, v.name]),
);

export interface HvmContextFacts {
  entries: number;
  /** Highest per-vCPU instance seen, -1 if none. */
  maxVcpu: number;
}

/**
 * Dissects the blob at [at, at + length) of the span. `vcpus` is the domain's vCPU count when
 * known (from the domain config), for H_VCPU_INSTANCE.
 */
export function dissectHvmContext(d: Dissection, at: number, length: number, vcpus?: number): HvmContextFacts {
  const end = at + length;
  let pos = at;
  let n = 0;
  let maxVcpu = -1;
  let sawEnd = false;
  while (pos < end) {
    if (pos + 8 > end) {
      d.problem('H_NO_END', pos, end - pos, `HVM context ends with ${end - pos} stray bytes where an 8-byte descriptor or END was expected`);
      d.span('stray bytes', pos, end - pos, `${end - pos} bytes`);
      break;
    }
    const code = d.peekU16(pos);
    const instance = d.peekU16(pos + 2);
    const len = d.peekU32(pos + 4);
    const t = HVM_ENTRY_TYPES[code];
    const name = t ? t.name : `type ${code}`;
    const overrun = pos + 8 + len > end;
    const bodyLen = overrun ? end - pos - 8 : len;
    if (n === 0 && (code !== 1 || len !== 24)) {
      d.problem('H_FIRST_NOT_HEADER', pos, 8, `HVM context starts with ${name} (length ${len}); Xen requires a HEADER entry of length 24 first`);
    }
    // An entry's fields hold no checks (those are above and in checkEntry), so the scan, which
    // sends every vCPU's context in every checkpoint of a Remus stream, skips them.
    if (d.tree) {
      const era = entrySizeEra(code, len);
      d.group(`${name}[${instance}]`, pos, 8 + bodyLen, `${name}, instance ${instance}, ${len} bytes${era ? ` (${era})` : ''}`, () => {
        d.group('descriptor', pos, 8, `typecode ${code}, instance ${instance}, length ${len}`, () => {
          d.u16('typecode', pos, named(HVM_ENTRY_NAMES));
          d.u16('instance', pos + 2);
          d.u32('length', pos + 4);
        });
        if (!overrun) entryBody(d, code, pos + 8, len);
      });
    }
    if (overrun) {
      d.problem('H_ENTRY_OVERRUN', pos + 4, 4, `${name} entry declares ${len} bytes but only ${Math.max(0, bodyLen)} remain in the HVM context`);
      break;
    }
    if (code === 0) {
      sawEnd = true;
      if (pos + 8 + len < end) d.span('after END (ignored)', pos + 8 + len, end - pos - 8 - len, `${end - pos - 8 - len} bytes`);
      break;
    }
    if (t?.perVcpu) {
      maxVcpu = Math.max(maxVcpu, instance);
      if (vcpus !== undefined && instance >= vcpus) {
        d.problem('H_VCPU_INSTANCE', pos + 2, 2, `${name} entry for vCPU ${instance}, but the domain config has ${vcpus} vCPU(s)`);
      }
    }
    checkEntry(d, n, code, pos, len);
    n++;
    pos += 8 + len;
  }
  if (!sawEnd && pos >= end) {
    d.problem('H_NO_END', Math.max(at, end - 1), end > at ? 1 : 0, 'HVM context runs out before its END entry (typecode 0)');
  }
  return { entries: n, maxVcpu };
}

function checkEntry(d: Dissection, index: number, code: number, pos: number, len: number): void {
  const t = HVM_ENTRY_TYPES[code];
  if (!t || (code === 1 && index > 0)) {
    const why = code === 1 ? 'a second HEADER' : code > 20 ? `typecode ${code} is above the highest Xen defines (20)` : `typecode ${code} is not defined`;
    d.problem('H_UNKNOWN_TYPE', pos, 2, `HVM context entry #${index}: ${why}; Xen rejects it`);
    return;
  }
  const body = pos + 8;
  switch (t.load) {
    case 'header':
      if (index === 0 && len === 24) {
        const magic = d.peekU32(body);
        if (magic !== HVM_HEADER_MAGIC) d.problem('H_HEADER_MAGIC', body, 4, `HVM context HEADER magic is ${hex(magic)}, expected ${hex(HVM_HEADER_MAGIC)}`);
        const version = d.peekU32(body + 4);
        if (version !== 1) d.problem('H_HEADER_VERSION', body + 4, 4, `HVM context HEADER version is ${version}, expected 1`);
      }
      break;
    case 'strict':
      if (len !== t.size) d.problem('H_STRICT_LENGTH', pos + 4, 4, `${t.name} entry is ${len} bytes; Xen loads only exactly ${t.size}`);
      break;
    case 'zeroext':
      if (len > t.size) d.problem('H_ZEROEXT_TOO_LONG', pos + 4, 4, `${t.name} entry is ${len} bytes; Xen accepts at most ${t.size}`);
      break;
    case 'xsave':
      if (len < HVM_XSAVE_MIN) d.problem('H_XSAVE_SHORT', pos + 4, 4, `CPU_XSAVE entry is ${len} bytes; Xen needs at least ${HVM_XSAVE_MIN}`);
      break;
    case 'msr': {
      const count = len >= 4 ? d.peekU32(body) : 0;
      if (len < 24 || len !== 8 + 16 * count) {
        d.problem('H_MSR_LENGTH', pos + 4, 4, `CPU_MSR entry is ${len} bytes for ${count} MSR(s); Xen needs 8 + 16 × count with count ≥ 1`);
      } else {
        for (let i = 0; i < count; i++) {
          const r = body + 8 + 16 * i + 4;
          if (d.peekU32(r) !== 0) {
            d.problem('H_MSR_RESERVED', r, 4, `CPU_MSR entry ${i} has a non-zero reserved field`);
            break;
          }
        }
      }
      break;
    }
    case 'end':
      break;
  }
}

/** Entries whose bodies have a dissector of their own rather than a flat layout. */
const ENTRY_DISSECTORS: Partial<Record<number, (d: Dissection, at: number, len: number) => void>> = {
  6: dissectLapicRegs,
  14: dissectMtrr,
  16: (d, at, len) => dissectXsaveContext(d, at, len, true),
  20: (d, at, len) => {
    if (len < 8) return;
    const count = d.u32('count', at);
    d.u32('pad', at + 4);
    dissectMsrList(d, at + 8, Math.min(count, Math.floor((len - 8) / 16)), VCPU_MSR_ENTRY, TREE_LIMIT);
  },
};

/** Most MSRs listed from one CPU_MSR entry (Xen sends a handful). */
const TREE_LIMIT = 4096;

function entryBody(d: Dissection, code: number, at: number, len: number): void {
  const t = HVM_ENTRY_TYPES[code];
  if (!t || len === 0) {
    if (len > 0) d.span('data', at, len, `${len} bytes`);
    return;
  }
  const own = ENTRY_DISSECTORS[code];
  if (own) {
    own(d, at, len);
    return;
  }
  const layout = code === 2 && len === 1016 ? CPU_COMPAT_LAYOUT : t.layout;
  for (const [name, off, size] of layout) {
    if (off + size > len) continue; // older, shorter forms of zero-extended types
    if (name === 'fpu_regs') d.group(name, at + off, size, 'FXSAVE area', () => dissectFxsave(d, at + off, true));
    else if (size === 1) d.u8(name, at + off);
    else if (size === 2) d.u16(name, at + off);
    else if (size === 4) d.u32(name, at + off, code === 1 && name === 'magic' ? (v) => hex(v) : decHex);
    else if (size === 8) d.u64(name, at + off, (v) => hex(v));
    else d.span(name, at + off, size, `${size} bytes`);
  }
  const covered = layout.reduce((m, [, off, size]) => (off + size <= len ? Math.max(m, off + size) : m), 0);
  if (len > covered) d.span('rest', at + covered, len - covered, `${len - covered} bytes`);
}
