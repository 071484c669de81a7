/**
 * `xen-stream diff` as scripts use it: exit status, the summary, the JSON shape the issue
 * gives, two checkpoints of one file, usage and I/O problems; and the two real images Xen
 * wrote: each against itself is the same guest, and PV against HVM has the page counts that
 * reading both files' pages one by one in the test gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { MemoryReader } from '../../src/decoder/memory/MemoryReader.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { realImage } from '../support/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'xse-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: { write: (s: string | Uint8Array) => (out += String(s)) }, err: { write: (s: string | Uint8Array) => (err += String(s)) } });
  return { status, out, err };
}

const file = (name: string, spec: Parameters<typeof writeStreamFile>[0]) => {
  const path = join(dir, name);
  writeStreamFile(spec, path);
  return path;
};

describe('xen-stream diff', () => {
  // A: 64 pages, 1 vCPU. B: PFNs 3 and 4 with other contents, 8 pages more, 2 vCPUs (so the
  // config's max_vcpus and memory differ too).
  const a = file('a.save', { guest: 'hvm', pages: 64 });
  const b = file('b.save', { guest: 'hvm', pages: 72, vcpus: 2, image: { page: (pfn) => (pfn === 3 || pfn === 4 ? new Uint8Array(4096).fill(7) : undefined) } });

  it('exits 0 for a file against itself, with the summary saying so', async () => {
    const r = await run('diff', a, a);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^pages: 64 same, 0 changed/m);
    expect(r.out).toContain('SAME guest state');
  });

  it('exits 1 when they differ: summary first, then the details', async () => {
    const r = await run('diff', a, b);
    expect(r.status).toBe(1);
    const summary = r.out.slice(0, r.out.indexOf('details:'));
    expect(summary).toMatch(/pages: 62 same, 2 changed \(8192 bytes differ\), 0 only in A, 8 only in B/);
    expect(summary).toMatch(/config: 3 keys changed/);
    expect(r.out).toMatch(/changed PFNs: 0x3-0x4/);
    expect(r.out).toMatch(/PFNs only in B: 0x40-0x47/);
    expect(r.out).toMatch(/vCPU 1: only in B/);
    expect(r.out).toMatch(/config b_info\.max_vcpus: 1 → 2/);
  });

  it('--json has the shape the issue gives', async () => {
    const r = await run('diff', '--json', a, b);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.pages).toEqual({ same: 62, changed: 2, onlyA: 0, onlyB: 8, changedBytes: 8192, typeChanged: 0 });
    expect(j.changedPfns).toEqual([[3, 4]]);
    expect(j.onlyBPfns).toEqual([[64, 71]]);
    expect(j.vcpus[0].vcpu).toBe(1);
    expect(j.vcpus[0].changed.rip).toEqual([null, '0xfff0']);
    expect(j.config).toContainEqual({ path: 'b_info.max_vcpus', a: '1', b: '2' });
    expect(j.records.changed.map((c: { name: string }) => c.name)).toContain('libxc HVM_PARAMS');
  });

  it('compares two checkpoints of one file', async () => {
    const remus = file('remus.save', { guest: 'hvm', pages: 32, checkpoints: 3 });
    const r = await run('diff', '--json', '--checkpoint', '1', '--checkpoint', '3', remus);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.out);
    expect([j.a.checkpoint, j.b.checkpoint]).toEqual([1, 3]);
    expect(j.records.changed.map((c: { name: string }) => c.name)).toEqual(['libxc X86_TSC_INFO']);
    expect((await run('diff', '--checkpoint', '2', remus, remus)).status).toBe(0);
  });

  it('exits 2 on usage and I/O problems, saying why', async () => {
    expect((await run('diff', a)).status).toBe(2);
    expect((await run('diff', a, b, a)).status).toBe(2);
    expect((await run('diff', '--checkpoint', 'x', a, b)).status).toBe(2);
    const missing = await run('diff', a, join(dir, 'nope.save'));
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('no such file');
    const plain = await run('diff', '--checkpoint', '1', a, b);
    expect(plain.status).toBe(2);
    expect(plain.err).toContain('not a checkpointed');
  });

  it('has help', async () => {
    const r = await run('help', 'diff');
    expect(r.status).toBe(0);
    expect(r.out).toContain('--checkpoint');
  });
});

/** Page counts made by reading every PFN's last copy of each file on its own, one page at a time. */
async function countPages(pathA: string, pathB: string) {
  const open = async (path: string) => {
    const source = new FileSource(path);
    const scan = await scanStream(source, { memory: true });
    return { source, memory: scan.memory!, reader: new MemoryReader(source, scan.memory!) };
  };
  const [x, y] = [await open(pathA), await open(pathB)];
  const counts = { same: 0, changed: 0, onlyA: 0, onlyB: 0, changedBytes: 0 };
  for (let pfn = 0; pfn <= Math.max(x.memory.maxPfn, y.memory.maxPfn); pfn++) {
    const [ia, ib] = [x.memory.lookup(pfn), y.memory.lookup(pfn)];
    if (!ia && !ib) continue;
    if (!ib) counts.onlyA++;
    else if (!ia) counts.onlyB++;
    else {
      const [pa, pb] = [await x.reader.readPage(pfn), await y.reader.readPage(pfn)];
      const ba = pa.ok ? pa.bytes : null;
      const bb = pb.ok ? pb.bytes : null;
      let n = 0;
      if (ba && bb) for (let i = 0; i < 4096; i++) n += ba[i] === bb[i] ? 0 : 1;
      else if (ba || bb) n = 4096;
      if (n) {
        counts.changed++;
        counts.changedBytes += n;
      } else counts.same++;
    }
  }
  x.source.close();
  y.source.close();
  return counts;
}

describe('xen-stream diff on the real images', () => {
  it('finds no difference between each image and itself', async () => {
    for (const name of ['pv', 'hvm'] as const) {
      const path = await realImage(name);
      const r = await run('diff', path, path);
      expect(r.status, r.out).toBe(0);
      expect(r.out).toContain('SAME guest state');
    }
  }, 60_000);

  it('counts the pages of PV against HVM as reading every page one by one does', async () => {
    const [pv, hvm] = [await realImage('pv'), await realImage('hvm')];
    const r = await run('diff', '--json', pv, hvm);
    expect(r.status).toBe(1);
    const expected = await countPages(pv, hvm);
    expect(expected.changed).toBeGreaterThan(0);
    expect(JSON.parse(r.out).pages).toMatchObject(expected);
  }, 60_000);
});
