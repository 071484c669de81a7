/**
 * The guest memory model: what the scan learns about every PFN from the PFN arrays (last copy,
 * type, times sent), every copy of a resent PFN, and reads of pages that are or are not in the
 * image. Fixtures come from the generator with known page contents per send.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { CHUNK_PFNS, GuestMemory } from '../../../src/decoder/memory/GuestMemory.ts';
import { MemoryReader } from '../../../src/decoder/memory/MemoryReader.ts';
import { pageCopies } from '../../../src/decoder/memory/pageCopies.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../../src/generator/index.ts';
import { patternPage } from '../../../src/generator/bodies.ts';

/** A page whose every byte says which PFN and which send it is. */
const marked = (pfn: number, pass: number) => new Uint8Array(4096).fill((pfn * 16 + pass) & 0xff);

async function scanned(spec: StreamSpec) {
  const source = new MemorySource(buildStream(spec));
  const r = await scanStream(source, { memory: true });
  return { source, r, memory: r.memory!, reader: new MemoryReader(source, r.memory!) };
}

describe('guest memory model', () => {
  // HVM stream of 64 pages: PFN 7 resent in two later iterations (three copies in all),
  // PFN 9 never sent, PFN 10 sent as XTAB; each copy of PFN 7 has different contents.
  const spec: StreamSpec = { guest: 'hvm', pages: 64, batch: 16, image: { page: (pfn, pass) => (pfn === 7 ? marked(pfn, pass) : undefined), resend: [[7, 8], [7]], omit: [9], types: new Map([[10, 0xf]]) } };

  it('keeps the last copy of a resent PFN and counts its sends', async () => {
    const { memory, reader } = await scanned(spec);
    expect(memory.lookup(7)).toMatchObject({ pfn: 7, type: 0, sent: 3 });
    expect(memory.lookup(8)!.sent).toBe(2);
    expect(memory.lookup(6)!.sent).toBe(1);
    const page = await reader.readPage(7);
    expect(page.ok && page.bytes).toEqual(marked(7, 2));
    const other = await reader.readPage(33);
    expect(other.ok && other.bytes).toEqual(patternPage(33));
    expect(memory.maxPfn).toBe(63);
    expect(memory.pfnCount).toBe(63);
  });

  it('lists every copy of a PFN oldest first, each pointing at that send', async () => {
    const { source, r } = await scanned(spec);
    const copies = await pageCopies(source, r.index, r.facts, 7);
    expect(copies).toHaveLength(3);
    expect(copies.map((c) => c.record)).toEqual([...copies.map((c) => c.record)].sort((a, b) => a - b));
    for (let pass = 0; pass < 3; pass++) {
      const c = copies[pass]!;
      expect(await source.read(c.offset!, 4096)).toEqual(marked(7, pass));
      // The copy lies inside the record it names.
      const e = r.index.get(c.record);
      expect(c.offset!).toBeGreaterThan(e.offset);
      expect(c.offset! + 4096).toBeLessThanOrEqual(e.offset + e.length);
    }
    expect(copies[2]!.offset).toBe(r.memory!.offsetOf(7));
  });

  it('says why a page is not in the image instead of returning zeros', async () => {
    const { memory, reader, source, r } = await scanned(spec);
    expect(memory.lookup(9)).toBeNull();
    expect(await reader.readPage(9)).toEqual({ ok: false, reason: 'PFN 0x9 was never sent in this image' });
    expect(await pageCopies(source, r.index, r.facts, 9)).toEqual([]);
    const xtab = await reader.readPage(10);
    expect(xtab.ok).toBe(false);
    expect(!xtab.ok && xtab.reason).toMatch(/last sent as XTAB \(not present/);
    expect(await reader.readPage(500)).toEqual({ ok: false, reason: 'PFN 0x1f4 was never sent in this image (past the highest PFN sent, 0x3f)' });
  });

  it('reads guest-physical ranges across page boundaries, naming each page read', async () => {
    const { reader, memory } = await scanned(spec);
    const read = await reader.readPhysical(7 * 4096 - 3, 6);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect([...read.bytes]).toEqual([...patternPage(6).subarray(4093), ...marked(7, 2).subarray(0, 3)]);
    expect(read.pieces.map((p) => [p.pfn, p.length, p.fileOffset])).toEqual([
      [6, 3, memory.offsetOf(6) + 4093],
      [7, 3, memory.offsetOf(7)],
    ]);
    const broken = await reader.readPhysical(9 * 4096 - 2, 4);
    expect(broken).toMatchObject({ ok: false, level: 'page', address: 9n * 4096n });
    expect(!broken.ok && [...broken.bytes]).toEqual([...patternPage(8).subarray(4094)]);
  });

  it('is built for legacy streams too, at the offsets of their page batches', async () => {
    const { memory, reader } = await scanned({ guest: 'pv64', pages: 40, legacy: {} });
    expect(memory.pfnCount).toBe(40);
    const page = await reader.readPage(21);
    expect(page.ok && page.bytes).toEqual(patternPage(21));
  });

  it('allocates storage only for the chunks of PFN space used', () => {
    const m = new GuestMemory();
    m.addEntry(3, 0, 4096);
    // 1 TiB further up the PFN space: one more chunk, nothing for the hole in between.
    m.addEntry(2 ** 28 + 5, 0, 8192);
    expect(m.allocatedBytes).toBe(2 * CHUNK_PFNS * 11);
    expect(m.lookup(2 ** 28 + 5)).toMatchObject({ offset: 8192, sent: 1 });
    expect(m.lookup(2 ** 27)).toBeNull();
    expect([...m.presentRuns()]).toEqual([{ first: 3, count: 1 }, { first: 2 ** 28 + 5, count: 1 }]);
  });
});
