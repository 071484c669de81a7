/**
 * Each vCPU's registers and address space, read from the field trees of the records that hold
 * them: X86_PV_VCPU_BASIC (or a legacy PV tail's contexts) through the vcpu_guest_context
 * layout, and the HVM context's CPU entries for HVM and PVH guests. The registers are named as
 * xenctx names them; the trees are the one place that knows the offsets.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { decodeEntry } from '../decodeEntry.ts';
import { LegacyEntry } from '../legacy/constants.ts';
import { Rec } from '../libxc/constants.ts';
import type { Field } from '../model/Field.ts';
import { Layer } from '../model/Layer.ts';
import type { ScanResult } from '../scan/scanStream.ts';
import { hvmAddressSpace, pvAddressSpace, type AddressSpace } from './paging.ts';

export interface VcpuState {
  id: number;
  /** Index entry of the record the registers come from. */
  record: number;
  kind: 'pv' | 'hvm';
  /** Register width: 8 (rip, rsp, …) or 4 (a 32-bit PV guest: eip, esp, …). */
  width: 4 | 8;
  /** Registers in xenctx's order, by its lowercase names. */
  registers: Map<string, bigint>;
  /** How to translate its virtual addresses, or why they cannot be. */
  space: AddressSpace | { error: string };
}

const GPRS_64 = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const GPRS_32 = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp'];
const SEGMENTS = ['cs', 'ss', 'ds', 'es', 'fs', 'gs'];
const DEBUG = [0, 1, 2, 3, 6, 7];

/** The fields of a tree by dotted path ("context.user_regs.rip"). */
function byPath(fields: readonly Field[], prefix = '', out = new Map<string, Field>()): Map<string, Field> {
  for (const f of fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name;
    out.set(path, f);
    if (f.children) byPath(f.children, path, out);
  }
  return out;
}

const value = (f: Field | undefined): bigint | null => (typeof f?.raw === 'bigint' ? f.raw : typeof f?.raw === 'number' ? BigInt(f.raw) : null);

/** Registers of a PV context group at `base` ("context" or "vcpu_guest_context"), or null when its tree has none. */
function pvRegisters(paths: Map<string, Field>, base: string): { width: 4 | 8; registers: Map<string, bigint> } | null {
  const get = (name: string) => value(paths.get(`${base}.${name}`));
  const width = get('user_regs.rip') !== null ? 8 : get('user_regs.eip') !== null ? 4 : 0;
  if (width === 0) return null;
  const regs = new Map<string, bigint>();
  const put = (name: string, v: bigint | null) => v !== null && regs.set(name, v);
  const p = width === 8 ? 'r' : 'e';
  put(`${p}ip`, get(`user_regs.${p}ip`));
  put(`${p}sp`, get(`user_regs.${p}sp`));
  put(`${p}flags`, get(`user_regs.${p}flags`));
  for (const r of width === 8 ? GPRS_64 : GPRS_32) put(r, get(`user_regs.${r}`));
  for (const s of SEGMENTS) put(s, get(`user_regs.${s}`));
  if (width === 8) {
    put('fs_base', get('fs_base'));
    put('gs_base_kernel', get('gs_base_kernel'));
    put('gs_base_user', get('gs_base_user'));
  }
  for (const c of [0, 2, 3, 4]) put(`cr${c}`, get(`ctrlreg[${c}]`));
  for (const n of DEBUG) put(`dr${n}`, get(`debugreg[${n}]`));
  return { width, registers: regs };
}

/** Registers of an HVM CPU entry group. */
function hvmRegisters(paths: Map<string, Field>, base: string): Map<string, bigint> {
  const regs = new Map<string, bigint>();
  const put = (name: string, field: string) => {
    const v = value(paths.get(`${base}.${field}`));
    if (v !== null) regs.set(name, v);
  };
  put('rip', 'rip');
  put('rsp', 'rsp');
  put('rflags', 'rflags');
  for (const r of GPRS_64) put(r, r);
  for (const s of SEGMENTS) put(s, `${s}_sel`);
  put('fs_base', 'fs_base');
  put('gs_base', 'gs_base');
  put('gs_base_kernel', 'shadow_gs');
  for (const c of [0, 2, 3, 4]) put(`cr${c}`, `cr${c}`);
  for (const n of DEBUG) put(`dr${n}`, `dr${n}`);
  put('efer', 'msr_efer');
  return regs;
}

function hvmSpace(r: Map<string, bigint>): AddressSpace | { error: string } {
  const [cr0, cr3, cr4, efer] = ['cr0', 'cr3', 'cr4', 'efer'].map((n) => r.get(n));
  if (cr0 === undefined || cr3 === undefined || cr4 === undefined) return { error: 'the CPU entry is too short to hold cr0, cr3 and cr4' };
  return hvmAddressSpace(cr0, cr3, cr4, efer ?? 0n);
}

/** Whether an index entry holds vCPU state this module reads. */
function holdsVcpus(layer: number, type: number): boolean {
  if (layer === Layer.Libxc) return type === Rec.X86_PV_VCPU_BASIC || type === Rec.HVM_CONTEXT;
  return layer === Layer.Legacy && (type === LegacyEntry.VcpuBasic || type === LegacyEntry.HvmContext);
}

/**
 * Every vCPU's state; a vCPU saved in several checkpoints has its last state, or its state as of
 * the checkpoint whose index group is `lastGroup`.
 */
export async function readVcpus(source: ByteSource, scan: ScanResult, lastGroup: number | null = null): Promise<VcpuState[]> {
  const found = new Map<number, VcpuState>();
  for (let i = 0; i < scan.index.count; i++) {
    if (!holdsVcpus(scan.index.layer(i), scan.index.type(i))) continue;
    if (lastGroup !== null && scan.index.group(i) > lastGroup) continue;
    const paths = byPath(await decodeEntry(source, scan.index.get(i), scan.facts));
    for (const [path, field] of paths) {
      const cpu = /(?:^|\.)CPU\[(\d+)\]$/.exec(path);
      if (cpu) {
        const registers = hvmRegisters(paths, path);
        found.set(Number(cpu[1]), { id: Number(cpu[1]), record: i, kind: 'hvm', width: 8, registers, space: hvmSpace(registers) });
        continue;
      }
      if (!/(?:^|\.)(?:context|vcpu_guest_context)$/.test(path)) continue;
      const pv = pvRegisters(paths, path);
      if (!pv) continue;
      // A v2 record names its vCPU in vcpu_id; a legacy tail's context says it in its summary.
      const idField = [...paths].find(([k]) => k === 'vcpu_id' || k.endsWith('.vcpu_id'))?.[1];
      const id = value(idField) ?? BigInt(/^vCPU (\d+)/.exec(field.display)?.[1] ?? -1);
      const cr3 = pv.registers.get('cr3') ?? 0n;
      found.set(Number(id), { id: Number(id), record: i, kind: 'pv', width: pv.width, registers: pv.registers, space: pvAddressSpace(pv.width, cr3) });
    }
  }
  return [...found.values()].sort((a, b) => a.id - b.id);
}
