/**
 * The field tree of a PV vcpu_guest_context (X86_PV_VCPU_BASIC, and the legacy tail's vCPU
 * contexts), every field by its Xen name from the layout table in pvVcpuLayout.ts. Frame
 * numbers were normalised to PFNs by the saver; those fields link to their page.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { flags, hex } from '../dissect/show.ts';
import { pvCr3Pfn } from '../core/cr3.ts';
import { dissectFxsave } from './fxsave.ts';
import { PV_VCPU_LAYOUT, pvField, type LayoutField } from './pvVcpuLayout.ts';

/** VGCF_* (public/arch-x86/xen.h). */
const VGCF_NAMES: Record<number, string> = {
  0x1: 'VGCF_i387_valid',
  0x4: 'VGCF_in_kernel',
  0x8: 'VGCF_failsafe_disables_events',
  0x10: 'VGCF_syscall_disables_events',
  0x20: 'VGCF_online',
};

/** VMASST_TYPE_* bits of vm_assist (public/xen.h); m2p_strict (bit 32) is shown by the 64-bit display. */
const VMASST_NAMES: Record<number, string> = {
  0x1: '4gb_segments',
  0x2: '4gb_segments_notify',
  0x4: 'writable_pagetables',
  0x8: 'pae_extended_cr3',
  0x10: 'architectural_iopl',
  0x20: 'runstate_update_flag',
};

const show = (digits: number) => (v: number | bigint) => hex(v, digits);

function word(d: Dissection, name: string, at: number, size: number): bigint {
  const digits = size * 2;
  if (size === 8) return d.u64(name, at, show(digits));
  if (size === 4) return BigInt(d.u32(name, at, show(digits)));
  if (size === 2) return BigInt(d.u16(name, at, show(digits)));
  return BigInt(d.u8(name, at, show(digits)));
}

/** trap_ctxt: only the vectors with a handler, as trap_ctxt[vector]. */
function trapTable(d: Dissection, at: number, width: 4 | 8): void {
  const size = width === 8 ? 16 : 8;
  let set = 0;
  d.group('trap_ctxt', at, 256 * size, () => `${set} vector(s) set`, () => {
    for (let i = 0; i < 256; i++) {
      const e = at + i * size;
      const address = width === 8 ? d.peekU64(e + 8) : BigInt(d.peekU32(e + 4));
      const cs = d.peekU16(e + 2);
      if (address === 0n && cs === 0) continue;
      set++;
      d.group(`trap_ctxt[${i}]`, e, size, `vector ${d.peekU8(e)}, ${hex(cs, 4)}:${hex(address)}`, () => {
        d.u8('vector', e);
        d.u8('flags', e + 1, show(2));
        d.u16('cs', e + 2, show(4));
        if (width === 8) d.u64('address', e + 8, show(16));
        else d.u32('address', e + 4, show(8));
      });
    }
  });
}

/** One field of the layout, with what its value means where it has a meaning of its own. */
function layoutField(d: Dissection, f: LayoutField, at: number, width: 4 | 8, ctx: { gdtEnts: number; vcpu: number }): void {
  const name = f.name.startsWith('user_regs.') ? f.name.slice('user_regs.'.length) : f.name;
  const o = at + f.offset;
  if (f.name === 'flags') {
    const v = width === 8 ? Number(d.peekU64(o) & 0xffffffffn) : d.peekU32(o);
    d.field(name, o, f.size, BigInt(v), flags(VGCF_NAMES)(v));
    return;
  }
  if (f.name === 'vm_assist') {
    const v = width === 8 ? d.peekU64(o) : BigInt(d.peekU32(o));
    const names = flags(VMASST_NAMES)(Number(v & 0xffffffffn));
    d.field(name, o, f.size, v, v >> 32n === 1n ? `m2p_strict | ${names}` : names);
    return;
  }
  const v = word(d, name, o, f.size);
  if (f.name === 'ctrlreg[3]') d.pfn(pvCr3Pfn(width, v));
  else if (f.name === 'ctrlreg[1]' && width === 8 && v % 2n === 1n) d.pfn(pvCr3Pfn(8, v));
  else if (f.name.startsWith('gdt_frames[') && Number(f.name.slice(11, -1)) * 512 < ctx.gdtEnts) d.pfn(Number(v));
  // The saver puts vCPU 0's start_info frame in edx, as a PFN (the restorer turns it back into an MFN).
  else if (ctx.vcpu === 0 && (f.name === 'user_regs.rdx' || f.name === 'user_regs.edx')) d.pfn(Number(v));
}

/** vCPU `vcpu`'s context at span offset `at`, whose size the caller checked against the width. */
export function dissectPvVcpuContext(d: Dissection, at: number, width: 4 | 8, vcpu: number): void {
  const layout = PV_VCPU_LAYOUT[width];
  const ents = pvField(width, 'gdt_ents');
  const ctx = { gdtEnts: Number(width === 8 ? d.peekU64(at + ents.offset) : d.peekU32(at + ents.offset)), vcpu };
  const regs = layout.filter((f) => f.name.startsWith('user_regs.'));
  const first = regs[0]!;
  const last = regs[regs.length - 1]!;
  for (const f of layout) {
    if (f.name === 'fpu_ctxt') d.group('fpu_ctxt', at, f.size, 'FXSAVE area', () => dissectFxsave(d, at, width === 8));
    else if (f.name === 'trap_ctxt') trapTable(d, at + f.offset, width);
    else if (f === first) {
      d.group('user_regs', at + f.offset, last.offset + last.size - f.offset, width === 8 ? 'cpu_user_regs (64-bit)' : 'cpu_user_regs (32-bit)', () => {
        for (const r of regs) layoutField(d, r, at, width, ctx);
      });
    } else if (!f.name.startsWith('user_regs.')) layoutField(d, f, at, width, ctx);
  }
}
