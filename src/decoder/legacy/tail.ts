/**
 * The legacy tail (spec: legacy-stream.md §4): for PV guests the unmapped PFNs, each online
 * vCPU's contexts and the shared-info page; for HVM guests the magic PFNs, the HVM context and
 * the QEMU record. Each dissector's span starts at its entry.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex, latin1, printable, sizeText } from '../dissect/show.ts';
import { dissectHvmContext } from '../hvm/context.ts';
import { TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import { HVM_PARAM_NAMES, hvmParamPfn } from '../hvm/params.ts';
import { dissectEmulatorState } from '../qemu/deviceState.ts';
import { dissectPvVcpuContext } from '../x86/pvVcpuContext.ts';
import { dissectXsaveContext } from '../x86/xsave.ts';
import { LEGACY_MAX_UNMAPPED, MAGIC_PFN_PARAMS, QEMU_SIGNATURE_SIZE, QemuSignature, VCPU_CONTEXT_SIZE, XSAVE_HEADER_SIZE } from './constants.ts';
import type { LegacyEnv } from './env.ts';
import { word } from './header.ts';

/** u32 count, then that many PFNs (the converter drops them: v2 marks such pages XTAB instead). */
export function dissectUnmapped(d: Dissection, env: LegacyEnv): number {
  const count = d.u32('nr_unmapped', 0, (v) => `${v} PFN(s) not mapped at the end of the save`);
  if (count > LEGACY_MAX_UNMAPPED) {
    d.problem('LEGACY_UNMAPPED_TOO_MANY', 0, 4, `${count} unmapped PFNs: the 4.5 restorer refuses more than 2^28 (1 TiB of address space); the list's length cannot be trusted`);
    return count;
  }
  const listed = Math.min(count, TREE_ARRAY_LIMIT, Math.floor((d.size - 4) / env.width));
  if (d.tree && count > 0) {
    d.group('pfns', 4, env.width * listed, `${count} PFN(s)`, () => {
      for (let i = 0; i < listed; i++) word(d, `pfn[${i}]`, 4 + env.width * i, env.width, (v) => hex(v));
    });
    if (count > listed) d.field(`… ${count - listed} more`, 4 + env.width * listed, env.width * (count - listed), null, 'not listed');
  }
  return count;
}

export function dissectVcpuBasic(d: Dissection, env: LegacyEnv, vcpu: number): void {
  const width = env.guestWidth;
  const summary = `vCPU ${vcpu}, ${d.size} bytes (${width * 8}-bit guest)`;
  if (d.size === VCPU_CONTEXT_SIZE[width]) d.group('vcpu_guest_context', 0, d.size, summary, () => dissectPvVcpuContext(d, 0, width, vcpu));
  else d.span('vcpu_guest_context', 0, d.size, summary);
}

export function dissectVcpuExtended(d: Dissection, vcpu: number): void {
  d.span('xen_domctl_ext_vcpucontext', 0, d.size, `vCPU ${vcpu}, ${d.size} bytes`);
}

/**
 * u64 xfeature_mask, u64 size S, then S bytes. The 4.5 restorer reads `xcnt` bytes per vCPU and
 * splits them by S, so S must be xcnt − 16 (convert-legacy-stream asserts the same).
 */
export function dissectVcpuXsave(d: Dissection, env: LegacyEnv, vcpu: number): number {
  if (d.size < XSAVE_HEADER_SIZE) {
    d.span('record', 0, d.size, `${d.size} bytes, too short for its header`);
    return 0;
  }
  d.u64('xfeature_mask', 0, (v) => hex(v));
  const size = d.u64('size', 8, (v) => `${v} bytes`);
  const want = env.xsaveSize - XSAVE_HEADER_SIZE;
  if (size !== BigInt(want)) {
    d.problem('LEGACY_XSAVE_SIZE', 8, 8, `vCPU ${vcpu}'s XSAVE record says ${size} bytes of state, but "xcnt" makes each record ${env.xsaveSize} bytes (${want} of state): the 4.5 restorer misreads the vCPUs after it and convert-legacy-stream stops`);
  }
  const data = d.size - XSAVE_HEADER_SIZE;
  if (data >= 16) {
    d.group('xsave state', 16, data, `${data} bytes`, () => dissectXsaveContext(d, 16, data, false));
  } else if (data > 0) d.span('xsave state', 16, data, `${data} bytes`);
  return Number(size);
}

export function dissectSharedInfo(d: Dissection): void {
  d.span('shared_info page', 0, d.size, `${d.size} bytes`);
}

/** ioreq, buffered-ioreq and xenstore PFNs: HVM params 5, 6 and 1. */
export function dissectMagicPfns(d: Dissection): bigint[] {
  return MAGIC_PFN_PARAMS.map((param, i) => {
    const v = d.u64(`${HVM_PARAM_NAMES[param]!.toLowerCase()}`, 8 * i, (v) => `${hex(v)} → HVM param ${HVM_PARAM_NAMES[param]} (${param})`);
    const pfn = hvmParamPfn(param, v);
    if (pfn !== null) d.pfn(pfn);
    return v;
  });
}

/** u32 length, then the same blob as a v2 HVM_CONTEXT (hvm-context.md). */
export function dissectHvmContextRecord(d: Dissection, env: LegacyEnv): string {
  const length = d.u32('length', 0, (v) => `${v} bytes`);
  if (!d.has(4, length)) {
    if (d.size > 4) d.span('hvm context', 4, d.size - 4, `${sizeText(length)} (not all read)`);
    return sizeText(length);
  }
  let entries = 0;
  d.group('hvm context', 4, length, () => `${entries} entries, ${length} bytes`, () => {
    entries = dissectHvmContext(d, 4, length, env.vcpus).entries;
  });
  return `${entries} entries, ${length} bytes`;
}

/** Length of the QEMU record whose first 25 bytes are `head`, when it starts `rest` bytes before the end of the file. */
export function qemuRecordLength(head: Uint8Array, rest: number): { signature: string; length: number } | null {
  const signature = latin1(head.subarray(0, QEMU_SIGNATURE_SIZE));
  if (signature === QemuSignature.Xend) return { signature, length: rest };
  if (signature === QemuSignature.Libxl || signature === QemuSignature.Remus) {
    if (head.length < QEMU_SIGNATURE_SIZE + 4) return { signature, length: QEMU_SIGNATURE_SIZE + 4 };
    return { signature, length: QEMU_SIGNATURE_SIZE + 4 + new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(QEMU_SIGNATURE_SIZE, true) };
  }
  return null;
}

/**
 * The QEMU record (§4.2): a 21-byte signature, then the state to the end of the file (xend) or
 * a u32 length and the state. `length` is the record's whole length; the span may hold only its
 * start.
 */
export function dissectQemuRecord(d: Dissection, length: number): string {
  const sig = latin1(d.bytes.subarray(0, QEMU_SIGNATURE_SIZE));
  d.span('signature', 0, QEMU_SIGNATURE_SIZE, `"${printable(d.bytes.subarray(0, QEMU_SIGNATURE_SIZE))}"`, sig);
  let at = QEMU_SIGNATURE_SIZE;
  if (sig === QemuSignature.Xend) {
    const qevm = length - at >= 4 && d.has(at, 4) && latin1(d.bytes.subarray(at, at + 4)) === 'QEVM';
    if (!qevm) {
      d.problem('LEGACY_QEMU_NO_QEVM', at, Math.max(0, Math.min(4, length - at)), 'the xend QEMU record (state up to the end of the file) does not start with "QEVM": the 4.5 restorer refuses it ("Invalid QEMU magic")');
    }
  } else if (sig === QemuSignature.Libxl || sig === QemuSignature.Remus) {
    d.u32('length', at, (v) => `${v} bytes`);
    at += 4;
  } else {
    d.problem('LEGACY_QEMU_SIGNATURE', 0, QEMU_SIGNATURE_SIZE, `"${printable(d.bytes.subarray(0, QEMU_SIGNATURE_SIZE))}" is not a QEMU record signature ("${QemuSignature.Libxl}", "${QemuSignature.Remus}" or "${QemuSignature.Xend}"): the 4.5 restorer refuses it, and the length of what follows is unknown`);
    return 'unknown signature';
  }
  const state = dissectEmulatorState(d, at, length - at);
  return `${sig === QemuSignature.Xend ? 'xend' : sig === QemuSignature.Remus ? 'Remus' : 'libxl'}: ${state}`;
}
