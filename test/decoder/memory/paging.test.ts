/**
 * Guest-virtual reads through a vCPU's page tables in every paging mode a saved guest can be
 * in. Each fixture is a generated stream whose page tables come from the generator's
 * PageTableBuilder and whose data pages hold known bytes; the test reads them back at known
 * virtual addresses, and checks that each way a walk can fail names its level and reason.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { MemoryReader } from '../../../src/decoder/memory/MemoryReader.ts';
import { hvmAddressSpace, pvAddressSpace, pvCr3Pfn, pvPfnToCr3, type AddressSpace } from '../../../src/decoder/memory/paging.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../../src/generator/index.ts';
import type { CpuRegisters } from '../../../src/generator/image.ts';
import { PageTableBuilder } from '../../../src/generator/pageTables.ts';

/** A data page whose bytes are a function of PFN and position, so any misplaced byte shows. */
function dataPage(pfn: number): Uint8Array {
  const p = new Uint8Array(4096);
  for (let i = 0; i < 4096; i++) p[i] = (pfn * 31 + i * 7) & 0xff;
  return p;
}
const expected = (pfn: number, at: number, n: number) => [...dataPage(pfn).subarray(at, at + n)];

/** Page tables from PFN 100 up; data pages (PFNs below 100) have dataPage contents. */
function tables(mode: 'long5' | 'long' | 'pae' | '32bit') {
  let next = 100;
  return new PageTableBuilder(mode, () => next++);
}

async function reader(spec: StreamSpec, b: PageTableBuilder | null) {
  const page = (pfn: number) => b?.tables.get(pfn) ?? (pfn < 100 ? dataPage(pfn) : undefined);
  const types = spec.guest === 'hvm' || !b ? new Map<number, number>() : b.types;
  const source = new MemorySource(buildStream({ pages: 128, batch: 32, ...spec, image: { ...spec.image, page, types: new Map([...types, ...(spec.image?.types ?? [])]) } }));
  const r = await scanStream(source, { memory: true });
  expect(r.counts.error).toBe(0);
  return new MemoryReader(source, r.memory!);
}

const HVM_LONG: Omit<CpuRegisters, 'cr3'> = { cr0: 0x80050033n, cr4: 0x6f0n | 0x20n, efer: 0xd01n, rip: 0n, rsp: 0n };

async function readsBack(m: MemoryReader, space: AddressSpace, va: bigint, pfn: number, at: number, n = 16) {
  const read = await m.readVirtual(space, va, n);
  expect(read.ok, !read.ok ? read.reason : '').toBe(true);
  expect(read.ok && [...read.bytes]).toEqual(expected(pfn, at, n));
}

describe('guest-virtual reads', () => {
  it('HVM long mode: 4 KiB, 2 MiB and 1 GiB pages, and a read across a page boundary', async () => {
    const b = tables('long');
    b.map(0xffffffff81000000n, 20);
    b.map(0xffffffff81001000n, 35);
    b.map(0x40000000n, 0, 30); // 1 GiB page at guest-physical 0
    b.map(0x7f0000200000n, 0, 21); // 2 MiB page at guest-physical 0
    const cpu = { ...HVM_LONG, cr3: BigInt(b.rootPfn * 4096) };
    const m = await reader({ guest: 'hvm', image: { cpu } }, b);
    const space = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer);
    expect(space).toEqual({ mode: 'long', root: b.rootPfn * 4096, pse: true });
    const s = space as AddressSpace;
    await readsBack(m, s, 0xffffffff81000123n, 20, 0x123);
    await readsBack(m, s, 0x40000000n + 0x5010n, 5, 0x10);
    await readsBack(m, s, 0x7f0000200000n + 0x43008n, 67, 8);
    const across = await m.readVirtual(s, 0xffffffff81000ff8n, 16);
    expect(across.ok && [...across.bytes]).toEqual([...expected(20, 0xff8, 8), ...expected(35, 0, 8)]);
    expect(across.ok && across.pieces.map((p) => [p.pfn, p.virtual, p.length])).toEqual([
      [20, 0xffffffff81000ff8n, 8],
      [35, 0xffffffff81001000n, 8],
    ]);
  });

  it('HVM 5-level paging (cr4.LA57): an address above the 48-bit space, and canonical at bit 56', async () => {
    const b = tables('long5');
    b.map(0xff11000000001000n, 23); // L5 index 0x110: out of reach of 4-level paging
    b.map(0x0000800000000000n, 24); // canonical with 57 bits, not with 48
    const cpu = { ...HVM_LONG, cr4: HVM_LONG.cr4 | 0x1000n, cr3: BigInt(b.rootPfn * 4096) };
    const m = await reader({ guest: 'hvm', image: { cpu } }, b);
    const space = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer);
    expect(space).toEqual({ mode: 'long5', root: b.rootPfn * 4096, pse: true });
    await readsBack(m, space, 0xff11000000001abcn, 23, 0xabc);
    await readsBack(m, space, 0x0000800000000010n, 24, 0x10);
    const unmapped = await m.readVirtual(space, 0xff80000000000000n, 8);
    expect(!unmapped.ok && [unmapped.level, unmapped.reason]).toEqual(['L5', expect.stringMatching(/^L5\[384\] .* is not present/)]);
    const bad = await m.readVirtual(space, 0x0100000000000000n, 8);
    expect(!bad.ok && [bad.level, bad.reason]).toEqual(['address', expect.stringMatching(/not canonical \(bits 56-63 differ\)/)]);
  });

  it('PV 64-bit: cr3 and the entries hold PFNs; 4 levels', async () => {
    const b = tables('long');
    b.map(0xffff880000010000n, 12);
    const cr3 = pvPfnToCr3(8, b.rootPfn);
    const m = await reader({ guest: 'pv64', image: { cpu: { cr0: 0x8005003bn, cr3, cr4: 0x2660n, efer: 0n, rip: 0n, rsp: 0n } } }, b);
    await readsBack(m, pvAddressSpace(8, cr3), 0xffff880000010abcn, 12, 0xabc);
  });

  it('PV 32-bit PAE: the folded cr3 is unfolded, 3 levels', async () => {
    expect(pvPfnToCr3(4, 0x123456)).toBe(0x23456001n);
    expect(pvCr3Pfn(4, 0x23456001n)).toBe(0x123456);
    const b = tables('pae');
    b.map(0xc0101000n, 17);
    const cr3 = pvPfnToCr3(4, b.rootPfn);
    const m = await reader({ guest: 'pv32', image: { cpu: { cr0: 0x8005003bn, cr3, cr4: 0x6f0n, efer: 0n, rip: 0n, rsp: 0n } } }, b);
    await readsBack(m, pvAddressSpace(4, cr3), 0xc0101ff0n, 17, 0xff0);
  });

  it('HVM 32-bit PAE with a 2 MiB page', async () => {
    const b = tables('pae');
    b.map(0xc0000000n, 40);
    b.map(0x00400000n, 0, 21);
    const cpu = { cr0: 0x80000011n, cr3: BigInt(b.rootPfn * 4096), cr4: 0x20n, efer: 0n, rip: 0n, rsp: 0n };
    const m = await reader({ guest: 'hvm', image: { cpu } }, b);
    const s = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer) as AddressSpace;
    expect(s.mode).toBe('pae');
    await readsBack(m, s, 0xc0000010n, 40, 0x10);
    await readsBack(m, s, 0x00407020n, 7, 0x20);
  });

  it('HVM 32-bit paging (no PAE) with a 4 MiB page when cr4.PSE is set', async () => {
    const b = tables('32bit');
    b.map(0xc0001000n, 41);
    b.map(0x00800000n, 0, 22);
    const cpu = { cr0: 0x80000011n, cr3: BigInt(b.rootPfn * 4096), cr4: 0x10n, efer: 0n, rip: 0n, rsp: 0n };
    const m = await reader({ guest: 'hvm', image: { cpu } }, b);
    const s = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer) as AddressSpace;
    expect(s.mode).toBe('32bit');
    await readsBack(m, s, 0xc0001004n, 41, 4);
    await readsBack(m, s, 0x00809000n, 9, 0);
  });

  it('real mode / paging off: virtual is physical', async () => {
    const cpu = { cr0: 0x10n, cr3: 0n, cr4: 0n, efer: 0n, rip: 0xfff0n, rsp: 0n };
    const m = await reader({ guest: 'hvm', image: { cpu } }, null);
    const s = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer) as AddressSpace;
    expect(s.mode).toBe('off');
    await readsBack(m, s, 0x3ffcn, 3, 0xffc, 4);
  });

  describe('failures name the level and the reason', () => {
    const b = tables('long');
    b.map(0xffffffff81000000n, 20);
    b.map(0xffffffff81002000n, 90); // PFN 90: never sent
    b.map(0xffffffff81003000n, 91); // PFN 91: sent as XTAB
    // An L1 entry naming a PFN far past the image's highest PFN.
    b.setEntry(0xffffffff81004000n, 3, 0x999999000n | 1n);
    // An L2 entry naming an L1 table that was never sent.
    b.setEntry(0xffffffff81400000n, 2, 0x5a000n | 3n);
    const cpu = { ...HVM_LONG, cr3: BigInt(b.rootPfn * 4096) };
    const space = hvmAddressSpace(cpu.cr0, cpu.cr3, cpu.cr4, cpu.efer) as AddressSpace;
    const get = reader({ guest: 'hvm', image: { cpu, omit: [90], types: new Map([[91, 0xf]]) } }, b);

    it.each([
      [0xffffffff81001000n, 'L1', /L1\[1\] at 0x[0-9a-f]+ is not present \(0x0\)/],
      [0xffffffff80000000n, 'L2', /L2\[0\] .* is not present/],
      [0x1000n, 'L4', /L4\[0\] .* is not present/],
      [0xffffffff81002000n, 'page', /maps to guest-physical 0x5a000, but PFN 0x5a was never sent/],
      [0xffffffff81003000n, 'page', /PFN 0x5b was last sent as XTAB/],
      [0xffffffff81004000n, 'page', /PFN 0x999999 was never sent in this image \(past the highest PFN sent, 0x7f\)/],
      [0xffffffff81400000n, 'L1', /cannot read the L1 table at 0x5a000: PFN 0x5a was never sent/],
      [0x0000800000000000n, 'address', /not canonical/],
    ])('%s fails at %s', async (va, level, reason) => {
      const m = await get;
      const read = await m.readVirtual(space, va, 8);
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.level).toBe(level);
      expect(read.reason).toMatch(reason);
      expect(read.bytes).toHaveLength(0);
    });

    it('a read that runs into an unmapped page keeps the bytes before it', async () => {
      const m = await get;
      const read = await m.readVirtual(space, 0xffffffff81000ffcn, 8);
      expect(read).toMatchObject({ ok: false, level: 'L1', address: 0xffffffff81001000n });
      expect(!read.ok && [...read.bytes]).toEqual(expected(20, 0xffc, 4));
    });
  });
});
