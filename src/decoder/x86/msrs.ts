/**
 * MSR lists in a stream: the PV vCPU MSRS record, the HVM CPU_MSR entry (both
 * {index u32, reserved u32, value u64}) and the X86_MSR_POLICY record ({idx u32, flags u32,
 * val u64}). Names are those of Xen's asm/msr-index.h for the MSRs Xen sends: the PV and HVM
 * msrs_to_send lists of Xen 4.17 and later, and the MSR policy's entries.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';

export const MSR_NAMES: Readonly<Record<number, string>> = {
  0x0000001c: 'MSR_USER_MSR_CTL',
  0x00000048: 'MSR_SPEC_CTRL',
  0x000000ce: 'MSR_INTEL_PLATFORM_INFO',
  0x0000010a: 'MSR_ARCH_CAPABILITIES',
  0x00000140: 'MSR_INTEL_MISC_FEATURES_ENABLES',
  0x000001c4: 'MSR_XFD',
  0x000001c5: 'MSR_XFD_ERR',
  0x000006e1: 'MSR_PKRS',
  0x00000d90: 'MSR_IA32_BNDCFGS',
  0x00000da0: 'MSR_IA32_XSS',
  0xc0000103: 'MSR_TSC_AUX',
  0xc001011f: 'MSR_VIRT_SPEC_CTRL',
  0xc0011027: 'MSR_AMD64_DR0_ADDRESS_MASK',
  0xc0011019: 'MSR_AMD64_DR1_ADDRESS_MASK',
  0xc001101a: 'MSR_AMD64_DR2_ADDRESS_MASK',
  0xc001101b: 'MSR_AMD64_DR3_ADDRESS_MASK',
};

export function msrName(index: number): string {
  return `${MSR_NAMES[index] ?? 'unnamed MSR'} (${hex(index)})`;
}

/** Names of the middle u32 of an entry: reserved in vCPU lists, flags in the MSR policy. */
export interface MsrEntryNames {
  index: string;
  middle: string;
  value: string;
}

export const VCPU_MSR_ENTRY: MsrEntryNames = { index: 'index', middle: 'reserved', value: 'value' };
export const POLICY_MSR_ENTRY: MsrEntryNames = { index: 'idx', middle: 'flags', value: 'val' };

/**
 * `count` 16-byte MSR entries from `at`, each a group labelled "NAME = value"; at most `limit`
 * are listed, the rest summarised.
 */
export function dissectMsrList(d: Dissection, at: number, count: number, names: MsrEntryNames, limit: number): void {
  for (let i = 0; i < Math.min(count, limit); i++) {
    const e = at + 16 * i;
    d.group(`msr[${i}]`, e, 16, () => `${MSR_NAMES[d.peekU32(e)] ?? hex(d.peekU32(e))} = ${hex(d.peekU64(e + 8))}`, () => {
      d.u32(names.index, e, msrName);
      d.u32(names.middle, e + 4);
      d.u64(names.value, e + 8, (v) => hex(v));
    });
  }
  if (count > limit) d.span(`… ${count - limit} more`, at + 16 * limit, 16 * (count - limit), 'not listed');
}
