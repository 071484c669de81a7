/**
 * `vcpu`, `memory` and `export` as scripts use them: on a generated HVM guest whose page tables
 * and pages are known (long mode, a page never sent), and on the two images real Xen wrote,
 * where what the vCPU was executing must read back the same through every path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { MemoryReader } from '../../src/decoder/memory/MemoryReader.ts';
import { translate, type AddressSpace } from '../../src/decoder/memory/paging.ts';
import { readVcpus } from '../../src/decoder/memory/vcpus.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream } from '../../src/generator/index.ts';
import { PageTableBuilder } from '../../src/generator/pageTables.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { realImage, type REAL_IMAGES } from '../support/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'xse-guest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  const chunks: Uint8Array[] = [];
  let err = '';
  const status = await main(argv, {
    out: { write: (s: string | Uint8Array) => (typeof s === 'string' ? (out += s) : chunks.push(s)) },
    err: { write: (s: string | Uint8Array) => (err += String(s)) },
  });
  return { status, out, err, raw: Buffer.concat(chunks) };
}

const gdb = (core: string) =>
  new Promise<string>((done, fail) => execFile('/usr/bin/gdb', ['-batch', '-c', core, '-ex', 'info registers rip rsp'], (e, stdout, stderr) => (e ? fail(new Error(stderr)) : done(stdout))));

/** Page PFN p holds bytes (p + i) & 0xff, so every byte says where it came from. */
const known = (pfn: number) => Uint8Array.from({ length: 4096 }, (_, i) => (pfn + i) & 0xff);

describe('on a generated HVM guest in long mode', () => {
  const file = join(dir, 'hvm.save');
  const rip = 0xffffffff81000040n;
  const rsp = 0xffffc90000003ff0n;
  beforeAll(() => {
    let next = 200;
    const b = new PageTableBuilder('long', () => next++);
    b.map(0xffffffff81000000n, 30);
    b.map(0xffffc90000003000n, 31);
    b.map(0xffffc90000004000n, 32); // never sent
    const cpu = { cr0: 0x80050033n, cr3: BigInt(b.rootPfn * 4096), cr4: 0x6a0n, efer: 0xd01n, rip, rsp };
    writeStreamFile({ guest: 'hvm', pages: 256, batch: 64, vcpus: 2, image: { cpu, omit: [32], page: (pfn) => b.tables.get(pfn) ?? known(pfn) } }, file);
  });

  it('vcpu --json gives every vCPU keyed by register name, with the code at rip', async () => {
    const r = await run('vcpu', '--json', file);
    expect(r.status).toBe(0);
    const all = JSON.parse(r.out) as Record<string, unknown>[];
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ vcpu: 1, rip: '0xffffffff81000040', rsp: '0xffffc90000003ff0', cr3: `0x${(200 * 4096).toString(16)}`, efer: '0xd01' });
    // 21 bytes before rip, the byte at rip, 10 after, all from PFN 30; the stack from rsp runs into PFN 32, never sent.
    expect(all[0]!.code).toBe(Buffer.from(known(30).subarray(0x40 - 21, 0x40 + 11)).toString('hex'));
    expect(all[0]!.stack).toEqual({ error: expect.stringMatching(/PFN 0x20 was never sent/) });
    const one = JSON.parse((await run('vcpu', '--vcpu', '1', '--json', file)).out) as Record<string, string>;
    expect(one.rip).toBe('0xffffffff81000040');
  });

  it('memory reads virtual and physical addresses; --json names each page and its file offset', async () => {
    const r = await run('memory', '--json', '--length', '16', file, '0xffffc90000003ff0');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.out) as { bytes: string; pages: { pfn: number; fileOffset: number }[] };
    expect(o.pages.map((p) => p.pfn)).toEqual([31]);
    expect(o.bytes).toBe(Buffer.from(known(31).subarray(0xff0, 0x1000)).toString('hex'));
    const src = readFileSync(file);
    expect(src.subarray(o.pages[0]!.fileOffset, o.pages[0]!.fileOffset + 16)).toEqual(Buffer.from(known(31).subarray(0xff0)));
    const raw = await run('memory', '--raw', '--physical', '--length', '8', file, String(30 * 4096 + 5));
    expect([...raw.raw]).toEqual([...known(30).subarray(5, 13)]);
    const dump = await run('memory', '--length', '16', file, '0xffffffff81000000');
    expect(dump.out).toBe(`ffffffff81000000  ${[...known(30).subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}  |${[...known(30).subarray(0, 16)].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')}|\n`);
  });

  it('memory exits 1 with the reason for an unmapped address or a page not in the image', async () => {
    const unmapped = await run('memory', file, '0xffffffff81005000');
    expect(unmapped.status).toBe(1);
    expect(unmapped.err).toMatch(/cannot read 0xffffffff81005000 \(L1\): L1\[5\] .* is not present/);
    const missing = await run('memory', file, '0xffffc90000004000');
    expect(missing.status).toBe(1);
    expect(missing.err).toMatch(/\(page\): .* PFN 0x20 was never sent in this image/);
    expect(missing.out).toBe('');
  });

  it('export raw puts each page at PFN × 4096 and leaves the rest as zeros', async () => {
    const out = join(dir, 'hvm.raw');
    expect((await run('export', '--format', 'raw', file, out)).status).toBe(0);
    const raw = readFileSync(out);
    expect(raw.length).toBe(256 * 4096);
    expect(raw.subarray(31 * 4096, 32 * 4096)).toEqual(Buffer.from(known(31)));
    expect(raw.subarray(32 * 4096, 33 * 4096).every((b) => b === 0)).toBe(true);
  });

  it('export of a compressed Remus stream says which pages it leaves out, and how to get them', async () => {
    // A legacy Remus stream of a 64-page PV guest whose second checkpoint sends PFNs 1, 9, …, 57
    // compressed: their last copies are not pages in the file.
    const remus = join(dir, 'remus.img');
    writeFileSync(remus, buildLegacyStream({ guest: 'pv64', pages: 64, batch: 16, checkpoints: 2, legacy: { container: 'bare', compression: true } }));
    const r = await run('export', '--format', 'raw', remus, join(dir, 'remus.raw'));
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/warning: 8 pages a Remus checkpoint sent compressed are not in .*remus\.raw .*convert the image first/);
    // A stream without compressed pages exports without a word.
    expect((await run('export', '--format', 'raw', file, join(dir, 'quiet.raw'))).err).toBe('');
  });

  it('export elf writes a core whose PT_LOADs are the runs of pages and which gdb opens with the vCPU registers', async () => {
    const out = join(dir, 'hvm.elf');
    expect((await run('export', file, out)).status).toBe(0);
    const elf = readFileSync(out);
    expect([...elf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(elf.readUInt16LE(16)).toBe(4); // ET_CORE
    const phnum = elf.readUInt16LE(56);
    const loads: [number, number, number][] = [];
    for (let i = 0; i < phnum; i++) {
      const p = 64 + 56 * i;
      if (elf.readUInt32LE(p) === 1) loads.push([Number(elf.readBigUInt64LE(p + 8)), Number(elf.readBigUInt64LE(p + 24)), Number(elf.readBigUInt64LE(p + 32))]);
    }
    // Pages 0-0x9f, 0xc0-0xff around the VGA hole (and PFN 32 left out), then the rest.
    expect(loads.map(([, paddr, size]) => [paddr / 4096, size / 4096])).toEqual([[0, 32], [33, 0xa0 - 33], [0xc0, 256 - 0xc0]]);
    const [offset, paddr] = loads[0]!;
    expect(elf.subarray(offset + 31 * 4096 - paddr, offset + 32 * 4096 - paddr)).toEqual(Buffer.from(known(31)));
    const regs = await gdb(out);
    expect(regs).toMatch(/rip\s+0xffffffff81000040/);
    expect(regs).toMatch(/rsp\s+0xffffc90000003ff0/);
  });
});

describe.each(['hvm', 'pv'] as (keyof typeof REAL_IMAGES)[])('on the real %s image', (name) => {
  let file: string;
  beforeAll(async () => {
    file = await realImage(name);
  }, 120_000);

  it("vCPU 0's rip lies in a mapped executable page, and its code and stack read the same as the exported memory", async () => {
    const source = new FileSource(file);
    try {
      const scan = await scanStream(source, { memory: true });
      const [v0] = await readVcpus(source, scan);
      const space = v0!.space as AddressSpace;
      const rip = v0!.registers.get('rip')!;
      const walk = await translate(space, rip, new MemoryReader(source, scan.memory!).entryReader);
      expect(walk.ok).toBe(true);
      // No level sets NX (bit 63): the page is executable.
      for (const s of walk.steps) expect(s.entry >> 63n, `${s.level} entry ${s.entry.toString(16)}`).toBe(0n);
    } finally {
      source.close();
    }
    const core = join(dir, `${name}.elf`);
    expect((await run('export', file, core)).status).toBe(0);
    const elf = readFileSync(core);
    /** The core's bytes at a guest-physical address, through its PT_LOAD headers. */
    const physical = (address: number, length: number) => {
      for (let i = 0; i < elf.readUInt16LE(56); i++) {
        const p = 64 + 56 * i;
        const [offset, paddr, size] = [8, 24, 32].map((f) => Number(elf.readBigUInt64LE(p + f)));
        if (elf.readUInt32LE(p) === 1 && address >= paddr! && address + length <= paddr! + size!) return elf.subarray(offset! + address - paddr!, offset! + address - paddr! + length);
      }
      throw new Error(`0x${address.toString(16)} is in no PT_LOAD`);
    };
    const regs = JSON.parse((await run('vcpu', '--vcpu', '0', '--json', file)).out) as Record<string, string>;
    for (const reg of ['rip', 'rsp']) {
      const r = JSON.parse((await run('memory', '--json', '--length', '64', file, regs[reg]!)).out) as { bytes: string; pages: { physical: string; length: number }[] };
      const fromCore = Buffer.concat(r.pages.map((p) => physical(Number(p.physical), p.length)));
      expect(fromCore.toString('hex'), reg).toBe(r.bytes);
    }
    expect(elf.indexOf('Linux version ')).toBeGreaterThan(0);
    expect(await gdb(core)).toMatch(new RegExp(`rip\\s+${regs.rip}`));
  }, 120_000);
});
