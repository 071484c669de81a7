/**
 * X86_PV_VCPU_BASIC (and a legacy PV tail's contexts) decoded field by field by Xen's names,
 * for 64- and 32-bit guests: registers, flags, the set trap vectors, cr3 as a PFN (unfolded
 * for 32-bit guests) and the FPU area. Fixtures: generated streams with known registers, one
 * with a page-fault handler written into its trap table.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { LegacyEntry } from '../../../src/decoder/legacy/constants.ts';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { pvPfnToCr3 } from '../../../src/decoder/memory/paging.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { pvField } from '../../../src/decoder/x86/pvVcpuLayout.ts';
import { buildStream, type StreamSpec } from '../../../src/generator/index.ts';
import { FileSource } from '../../../src/node/FileSource.ts';
import { flattenFields } from '../../support/scans.ts';
import { realImage } from '../../support/shared.ts';

/** The fields of the first vCPU context in the stream, by path below the context group. */
async function contextFields(bytes: Uint8Array) {
  const source = new MemorySource(bytes);
  const r = await scanStream(source);
  for (let i = 0; i < r.index.count; i++) {
    const e = r.index.get(i);
    const isBasic = (e.layer === Layer.Libxc && e.type === Rec.X86_PV_VCPU_BASIC) || (e.layer === Layer.Legacy && e.type === LegacyEntry.VcpuBasic);
    if (!isBasic) continue;
    const all = flattenFields(await decodeEntry(source, e, r.facts));
    const root = [...all.keys()].find((k) => k.endsWith('context') && all.has(`${k}.flags`))!;
    return new Map([...all].filter(([k]) => k.startsWith(`${root}.`)).map(([k, f]) => [k.slice(root.length + 1), f]));
  }
  throw new Error('no vCPU context');
}

const cpu = (cr3: bigint) => ({ cr0: 0x80050033n, cr3, cr4: 0x2660n, efer: 0n, rip: 0xffffffff81a442b5n, rsp: 0xffffc90040083e30n });

describe('PV vCPU context', () => {
  it('links vCPU 0\'s rdx to the start_info page on the real PV image: the page begins with start_info\'s magic', async () => {
    const source = new FileSource(await realImage('pv'));
    const r = await scanStream(source, { memory: true });
    const e = [...Array(r.index.count).keys()].map((i) => r.index.get(i)).find((x) => x.layer === Layer.Libxc && x.type === Rec.X86_PV_VCPU_BASIC && x.aux[0] === 0)!;
    const rdx = [...flattenFields(await decodeEntry(source, e, r.facts))].find(([k]) => k.endsWith('user_regs.rdx'))![1];
    expect(rdx.pfn).toBe(Number(rdx.raw));
    const page = await source.read(r.memory!.offsetOf(rdx.pfn!), 32);
    source.close();
    // struct start_info opens with "xen-<version>-<platform>", e.g. "xen-3.0-x86_64".
    expect(new TextDecoder().decode(page.subarray(0, 8))).toBe('xen-3.0-');
  });

  it('64-bit: every register by its Xen name, flags by name, cr3 linked to its PFN', async () => {
    const f = await contextFields(buildStream({ guest: 'pv64', image: { cpu: cpu(pvPfnToCr3(8, 0x678e)) } }));
    expect(f.get('user_regs.rip')).toMatchObject({ raw: 0xffffffff81a442b5n, display: '0xffffffff81a442b5' });
    expect(f.get('user_regs.rsp')!.raw).toBe(0xffffc90040083e30n);
    // vCPU 0: the saver puts the start_info PFN in rdx, and the field links to that page.
    expect(f.get('user_regs.rdx')).toMatchObject({ raw: 5n, pfn: 5 });
    expect(f.get('ctrlreg[3]')).toMatchObject({ raw: 0x678e000n, pfn: 0x678e });
    expect(f.get('ctrlreg[0]')!.raw).toBe(0x80050033n);
    expect(f.get('flags')!.display).toBe('VGCF_i387_valid | VGCF_in_kernel (0x5)');
    for (const name of ['user_regs.cs', 'user_regs.ss', 'gdt_ents', 'kernel_sp', 'debugreg[7]', 'vm_assist', 'fs_base', 'gs_base_kernel', 'gs_base_user', 'syscall_callback_eip', 'fpu_ctxt.mxcsr']) expect(f.has(name), name).toBe(true);
    expect(f.get('trap_ctxt')!.display).toBe('0 vector(s) set');
  });

  it('32-bit: eip and friends, and the folded cr3 unfolded to its PFN', async () => {
    const f = await contextFields(buildStream({ guest: 'pv32', image: { cpu: cpu(pvPfnToCr3(4, 0x123456)) } }));
    expect(f.get('user_regs.eip')!.raw).toBe(0x81a442b5);
    expect(f.get('user_regs.esp')!.raw).toBe(0x40083e30);
    expect(f.get('ctrlreg[3]')).toMatchObject({ raw: 0x23456001, pfn: 0x123456 });
    expect(f.has('event_callback_cs')).toBe(true);
    expect(f.has('fs_base')).toBe(false);
  });

  it('lists only the trap vectors that have a handler', async () => {
    const bytes = buildStream({ guest: 'pv64' });
    const source = new MemorySource(bytes);
    const r = await scanStream(source);
    const rec = [...Array(r.index.count).keys()].map((i) => r.index.get(i)).find((e) => e.layer === Layer.Libxc && e.type === Rec.X86_PV_VCPU_BASIC)!;
    // Vector 14 (page fault): cs 0xe033, handler 0xffffffff81001234; blob starts 16 bytes into the record.
    const at = rec.offset + 16 + pvField(8, 'trap_ctxt').offset + 14 * 16;
    const dv = new DataView(bytes.buffer);
    dv.setUint8(at, 14);
    dv.setUint16(at + 2, 0xe033, true);
    dv.setBigUint64(at + 8, 0xffffffff81001234n, true);
    const f = await contextFields(bytes);
    expect(f.get('trap_ctxt')!.display).toBe('1 vector(s) set');
    expect(f.get('trap_ctxt.trap_ctxt[14]')!.display).toBe('vector 14, 0xe033:0xffffffff81001234');
    expect(f.get('trap_ctxt.trap_ctxt[14].address')!.offset).toBe(at + 8);
  });

  it.each<[string, StreamSpec]>([
    ['64-bit', { guest: 'pv64', legacy: {} }],
    ['32-bit', { guest: 'pv32', legacy: {} }],
  ])('a legacy %s stream: the tail context decoded by the same table', async (_, spec) => {
    const f = await contextFields(buildStream(spec));
    expect(f.get('ctrlreg[3]')!.pfn).toBe(1);
    expect(f.has(spec.guest === 'pv64' ? 'user_regs.rip' : 'user_regs.eip')).toBe(true);
  });
});
