/**
 * The PV extended vCPU context: struct xen_domctl_ext_vcpucontext (public domctl.h), the blob of
 * X86_PV_VCPU_EXTENDED. Its size field says how much of it the saving Xen filled in; the machine
 * check state at its end is struct hvm_vmce_vcpu (public arch-x86/hvm/save.h), shorter in
 * older Xens, so each field is shown only where the blob reaches.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';

const hexShow = (v: number | bigint) => hex(v);
const yesNo = (v: number) => (v ? `yes (${v})` : 'no (0)');

/** [name, offset, size] within the struct. */
const LAYOUT: readonly [string, number, 1 | 2 | 4 | 8][] = [
  ['vcpu', 0, 4],
  ['size', 4, 4],
  ['syscall32_callback_eip', 8, 8],
  ['sysenter_callback_eip', 16, 8],
  ['syscall32_callback_cs', 24, 2],
  ['sysenter_callback_cs', 26, 2],
  ['syscall32_disables_events', 28, 1],
  ['sysenter_disables_events', 29, 1],
  ['vmce.caps', 32, 8],
  ['vmce.mci_ctl2_bank0', 40, 8],
  ['vmce.mci_ctl2_bank1', 48, 8],
  ['vmce.mcg_ext_ctl', 56, 8],
];

/** The context at [at, at + length). */
export function dissectPvExtendedContext(d: Dissection, at: number, length: number): void {
  let covered = 0;
  for (const [name, off, size] of LAYOUT) {
    if (off + size > length) break;
    if (size === 1) d.u8(name, at + off, yesNo);
    else if (size === 2) d.u16(name, at + off, hexShow);
    else if (size === 4) d.u32(name, at + off);
    else d.u64(name, at + off, hexShow);
    covered = off + size;
  }
  if (length > covered) d.span('rest', at + covered, length - covered, `${length - covered} bytes`);
}
