/**
 * Valid bodies of every record kind, shaped like what Xen writes (spec: libxc-stream.md §6,
 * libxl-stream.md §3, hvm-context.md §1).
 */
import { HVM_ENTRY_TYPES, HVM_HEADER_MAGIC, hvmCpuField } from '../decoder/hvm/context.ts';
import { VCPU_BASIC_SIZE } from '../decoder/libxc/constants.ts';
import { pvPfnToCr3 } from '../decoder/core/cr3.ts';
import { pvField } from '../decoder/x86/pvVcpuLayout.ts';
import type { CpuRegisters } from './image.ts';
import { ascii, Bytes } from './bytes.ts';

export function xlHeader(opts: { flags: number; config: string | null }): Uint8Array {
  const b = new Bytes().text('Xen saved domain, xl format\n \0 \r').u32(0x01020304).u32(opts.flags).u32(0);
  if (opts.config === null) return b.u32(0).done();
  const cfg = ascii(opts.config);
  return b.u32(4 + cfg.length).u32(cfg.length).bytes(cfg).done();
}

export function libvirtHeader(xml: string, version: number): Uint8Array {
  const x = ascii(xml);
  return new Bytes().text('libvirt-xml\n \0 \r').u32(version).u32(x.length).zeros(40).bytes(x).done();
}

export function libxlHeader(options = 0): Uint8Array {
  return new Bytes().text('LibxlFmt').u32(2, true).u32(options, true).done();
}

export function imageHeader(version: number, options = 0): Uint8Array {
  return new Bytes().u64(0xffffffffffffffffn, true).u32(0x58454e46, true).u32(version, true).u16(options, true).u16(0, true).u32(0, true).done();
}

export function domainHeader(type: number, xenMajor: number, xenMinor: number): Uint8Array {
  return new Bytes().u32(type).u16(12).u16(0).u32(xenMajor).u32(xenMinor).done();
}

export function pvInfo(width: number, levels: number): Uint8Array {
  return new Bytes().u8(width).u8(levels).u16(0).u32(0).done();
}

export function p2mFrames(start: number, end: number, frames: number[]): Uint8Array {
  const b = new Bytes().u32(start).u32(end);
  for (const f of frames) b.u64(f);
  return b.done();
}

/** PAGE_DATA header and PFN array; entries are (type nibble, pfn). */
export function pageDataHead(entries: { pfn: number; type: number }[]): Uint8Array {
  const b = new Uint8Array(8 + 8 * entries.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, entries.length, true);
  entries.forEach((e, i) => pageEntry(v, 8 + 8 * i, e.pfn, e.type));
  return b;
}

/**
 * One PAGE_DATA entry at `at`: the PFN in bits 0-51 and the type in 60-63, written as two words
 * (no BigInt: a dense stream has millions of them).
 */
export function pageEntry(v: DataView, at: number, pfn: number, type: number): void {
  v.setUint32(at, pfn >>> 0, true);
  v.setUint32(at + 4, (type << 28) | Math.floor(pfn / 2 ** 32), true);
}

/** A page whose bytes say which PFN it is, so a hex view shows where it is. */
export function patternPage(pfn: number): Uint8Array {
  const page = new Uint8Array(4096);
  const line = ascii(`page ${pfn.toString(16).padStart(8, '0')} ~~ `);
  for (let i = 0; i < 4096; i++) page[i] = line[i % line.length]!;
  return page;
}

export function vcpuRecord(id: number, blob: Uint8Array): Uint8Array {
  return new Bytes().u32(id).u32(0).bytes(blob).done();
}

/**
 * A vcpu_guest_context of the guest's width with the registers restore checks: cr3 naming the
 * top-level page table, and for vCPU 0 the start_info PFN in rdx/edx.
 */
export function vcpuBasicContext(width: 4 | 8, startInfoPfn: number, cr3Pfn: number, cpu?: CpuRegisters): Uint8Array {
  const b = new Uint8Array(VCPU_BASIC_SIZE[width]!);
  const set = (name: string, value: bigint) => {
    const f = pvField(width, name);
    for (let i = 0; i < f.size; i++) b[f.offset + i] = Number((value >> BigInt(8 * i)) & 0xffn);
  };
  const r = width === 8 ? 'r' : 'e';
  // VGCF_i387_valid | VGCF_in_kernel (what the generator has always written)
  set('flags', 0x1n | 0x4n);
  set(`user_regs.${r}dx`, BigInt(startInfoPfn));
  set('ctrlreg[3]', cpu?.cr3 ?? pvPfnToCr3(width, cr3Pfn));
  if (cpu) {
    set('ctrlreg[0]', cpu.cr0);
    set('ctrlreg[4]', cpu.cr4);
    set(`user_regs.${r}ip`, cpu.rip);
    set(`user_regs.${r}sp`, cpu.rsp);
  }
  return b;
}

export function vcpuExtendedContext(id: number): Uint8Array {
  const b = new Bytes().u32(id).u32(64).u64(0xffffffff81000000).u64(0).u16(0x10).u16(0x10).u8(0).u8(0).zeros(64 - 30);
  return b.done();
}

export function vcpuXsaveContext(): Uint8Array {
  return new Bytes().u64(0x7).u64(0x7).zeros(576).done();
}

export function sharedInfo(): Uint8Array {
  return new Uint8Array(4096);
}

export function tscInfo(mode: number, khz: number, nsec: bigint, incarnation: number): Uint8Array {
  return new Bytes().u32(mode).u32(khz).u64(nsec).u32(incarnation).u32(0).done();
}

export function cpuidPolicy(leaves: number[][]): Uint8Array {
  const b = new Bytes();
  for (const l of leaves) for (const v of l) b.u32(v);
  return b.done();
}

export const DEFAULT_CPUID = [
  [0x0, 0xffffffff, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69],
  [0x1, 0xffffffff, 0x306c3, 0x00010800, 0xf7fa3203, 0x1f8bfbff],
  [0x7, 0x0, 0x0, 0x000027ab, 0x0, 0x9c000400],
  [0xd, 0x0, 0x7, 0x0, 0x340, 0x0],
  [0x80000000, 0xffffffff, 0x80000008, 0, 0, 0],
];

export function msrPolicy(entries: [number, bigint][]): Uint8Array {
  const b = new Bytes();
  for (const [idx, val] of entries) b.u32(idx).u32(0).u64(val);
  return b.done();
}

export const DEFAULT_MSRS: [number, bigint][] = [
  [0xce, 0x0n],
  [0x10a, 0x0n],
];

/** One HVM context entry: descriptor and body. */
export function hvmEntry(code: number, instance: number, body: Uint8Array): Uint8Array {
  return new Bytes().u16(code).u16(instance).u32(body.length).bytes(body).done();
}

/** An HVM context as Xen writes it: HEADER, every type in order (per-vCPU ones per vCPU), END. */
export function hvmContext(vcpus: number, cpu?: CpuRegisters): Uint8Array {
  const b = new Bytes();
  b.bytes(hvmEntry(1, 0, new Bytes().u32(HVM_HEADER_MAGIC).u32(1).u64(0xffffffffffffffffn).u32(0x306c3).u32(0).done()));
  for (let code = 2; code <= 20; code++) {
    const t = HVM_ENTRY_TYPES[code]!;
    if (code === 15 || code === 17) continue; // Viridian entries only for Viridian guests
    const instances = t.perVcpu ? vcpus : code === 3 ? 2 : 1;
    for (let i = 0; i < instances; i++) {
      const body = code === 16 ? new Bytes().u64(0x7).u64(0x7).u64(0x7).zeros(576).done() : code === 20 ? new Bytes().u32(1).u32(0).u32(0xc0000080).u32(0).u64(0x500).done() : hvmBody(code, i, cpu);
      b.bytes(hvmEntry(code, i, body));
    }
  }
  b.bytes(hvmEntry(0, 0, new Uint8Array(0)));
  return b.done();
}

function hvmBody(code: number, instance: number, cpu?: CpuRegisters): Uint8Array {
  const t = HVM_ENTRY_TYPES[code]!;
  const body = new Uint8Array(t.size);
  const v = new DataView(body.buffer);
  if (code === 2) {
    const regs = cpu ?? { rip: 0xfff0n, cr0: 0x60000010n };
    for (const [name, value] of Object.entries(regs)) v.setBigUint64(hvmCpuField(name === 'efer' ? 'msr_efer' : name).offset, value, true);
  } else if (code === 5) {
    v.setBigUint64(0, BigInt(0xfee00000 | (instance === 0 ? 0x900 : 0x800)), true); // apic_base_msr
  } else if (code === 3) {
    body[3] = instance === 0 ? 0x08 : 0x70; // irq_base
  } else if (code === 4) {
    v.setBigUint64(0, 0xfec00000n, true);
  }
  return body;
}

export function hvmParams(params: [number, bigint][]): Uint8Array {
  const b = new Bytes().u32(params.length).u32(0);
  for (const [i, val] of params) b.u64(i).u64(val);
  return b.done();
}

export function emulatorRecord(id: number, index: number, data: Uint8Array): Uint8Array {
  return new Bytes().u32(id).u32(index).bytes(data).done();
}

export function xenstorePairs(pairs: [string, string][]): Uint8Array {
  const b = new Bytes();
  for (const [k, v] of pairs) b.text(k).u8(0).text(v).u8(0);
  return b.done();
}

/** A QEMU device-state blob: "QEVM", version 3, then some bytes. */
export function qemuState(size: number): Uint8Array {
  const b = new Bytes().text('QEVM').u32(3, true);
  for (let i = 0; b.length < size; i++) b.u8(i * 7);
  return b.done();
}

/** One device section of a QEMU device state: its idstr, ids and data. */
export interface QemuSectionSpec {
  idstr: string;
  id: number;
  instance?: number;
  version?: number;
  data: Uint8Array;
}

/**
 * A QEMU device state as QEMU's savevm writes it: "QEVM", version 3, full sections (with a footer
 * after each when `footers`, as QEMU ≥ 2.4 does for live migration), then the EOF byte.
 */
export function qemuDeviceState(sections: QemuSectionSpec[], footers: boolean): Uint8Array {
  const b = new Bytes().text('QEVM').u32(3, true);
  for (const s of sections) {
    b.u8(0x04).u32(s.id, true).u8(s.idstr.length).text(s.idstr).u32(s.instance ?? 0, true).u32(s.version ?? 1, true).bytes(s.data);
    if (footers) b.u8(0x7e).u32(s.id, true);
  }
  return b.u8(0x00).done();
}

export function checkpointState(value: number): Uint8Array {
  return new Bytes().u32(value).done();
}
