/**
 * The guest memory model: what the scan learns about every PFN from the PFN arrays (last copy,
 * type, times sent), every copy of a resent PFN, and reads of pages that are or are not in the
 * image; and that keeping chunks as runs or as columns changes nothing but the room taken.
 * Fixtures come from the generator with known page contents per send, or are entries listed here.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { NO_COPY } from '../../../src/decoder/core/pageSink.ts';
import { PageRuns } from '../../../src/decoder/core/pageRuns.ts';
import { CHUNK_PFNS, GuestMemory } from '../../../src/decoder/memory/GuestMemory.ts';
import { PfnRunList } from '../../../src/decoder/memory/PfnRunList.ts';
import { MemoryReader } from '../../../src/decoder/memory/MemoryReader.ts';
import { pageCopies } from '../../../src/decoder/memory/pageCopies.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { binMemoryMap } from '../../../src/decoder/overview/memoryMap.ts';
import { pfnCensus } from '../../../src/decoder/overview/statistics.ts';
import { buildStream, streamSource, type StreamSpec } from '../../../src/generator/index.ts';
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
    // Each chunk holds one run: far less than a byte per PFN of the two chunks.
    expect(m.allocatedBytes).toBeLessThan(2 * CHUNK_PFNS);
    expect(m.lookup(2 ** 28 + 5)).toMatchObject({ offset: 8192, sent: 1 });
    expect(m.lookup(2 ** 27)).toBeNull();
    expect([...m.presentRuns()]).toEqual([{ first: 3, count: 1 }, { first: 2 ** 28 + 5, count: 1 }]);
  });

  it('a chunk turned into columns by a resent PFN knows no copy of the PFNs never sent', () => {
    const m = new GuestMemory();
    m.addEntry(7, 0, 4096);
    m.addEntry(7, 0, 8192);
    expect(m.storedChunks()[0]).not.toBeInstanceOf(PfnRunList);
    expect(m.offsetOf(7)).toBe(8192);
    expect(m.offsetOf(6)).toBe(NO_COPY);
    expect(m.lookup(6)).toBeNull();
    expect([...m.presentRuns()]).toEqual([{ first: 7, count: 1 }]);
  });

  it('keeps a saved guest in bytes per record, not per PFN', async () => {
    // Five chunks of PFN space sent once in PFN order, 1024 pages a record, as Xen's saver does.
    const pages = 5 * CHUNK_PFNS;
    const source = streamSource({ guest: 'hvm', pages, pageContent: 'zero' });
    const r = await scanStream(source, { memory: true });
    const memory = r.memory!;
    expect(memory.pfnCount).toBe(pages);
    expect(memory.allocatedBytes).toBeLessThan(r.facts.libxc!.pageRecords * 64);
    // Each PFN's copy is the one its record's PFN array places, read again record by record.
    for (let pfn = 0; pfn < pages; pfn += 4099) {
      const copies = await pageCopies(source, r.index, r.facts, pfn);
      expect(memory.offsetOf(pfn)).toBe(copies.at(-1)!.offset);
    }
  });

  it('one-page records back to back: one run a chunk, each copy where its record put it, read mid-scan too', async () => {
    // 40,000 one-page records: each PFN's copy 4 KiB plus a record's framing after the one before,
    // a run crossing into a second chunk. The scan's model is read while it grows (each read
    // stores what it gathered so far), then compared with a model fed the same entries at once.
    const pages = 40_000;
    const source = streamSource({ guest: 'hvm', pages, batch: 1, pageContent: 'zero' });
    const seen: number[] = [];
    const r = await scanStream(source, { memory: true, progressMs: 0, onProgress: (_, ctx) => seen.push(ctx.memory!.pfnCount) });
    const memory = r.memory!;
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect(memory.pfnCount).toBe(pages);
    // Runs: PFNs below the VGA hole, the hole (XTAB: no copies), the rest of the chunk; the next chunk's PFNs.
    expect(memory.storedChunks().map((c) => (c as { length: number }).length)).toEqual([3, 1]);
    const step = memory.offsetOf(1) - memory.offsetOf(0);
    expect(step).toBeGreaterThan(4096);
    expect(memory.offsetOf(pages - 1) - memory.offsetOf(CHUNK_PFNS)).toBe((pages - 1 - CHUNK_PFNS) * step);
    for (const pfn of [0, 1, 0x9f, 0xa0, 0xc0, CHUNK_PFNS - 1, CHUNK_PFNS, pages - 1]) {
      const copies = await pageCopies(source, r.index, r.facts, pfn);
      expect(memory.offsetOf(pfn)).toBe(copies.at(-1)!.offset);
    }
  });
});

/**
 * The same entries handed to two models: one in stream order (chunks kept as runs), one in
 * reverse PFN order (which runs cannot take, so every chunk becomes columns). Nothing a user sees
 * may depend on which: reads, exports, the census and the memory map at any zoom.
 */
describe('guest memory model, runs against columns', () => {
  const L1TAB = 1;
  const XTAB = 0xf;
  type Entry = [pfn: number, type: number, offset: number | null];
  const entries: Entry[] = [];
  let at = 1 << 20;
  // A record: consecutive PFNs from `pfn`, their pages back to back after a gap for the header.
  const record = (pfn: number, types: number[]) => {
    at += 4096;
    for (const [k, type] of types.entries()) {
      const data = type !== XTAB;
      entries.push([pfn + k, type, data ? at : NO_COPY]);
      if (data) at += 4096;
    }
  };
  record(0, Array(300).fill(0));
  // A hole, then page tables and XTABs within one record.
  record(400, [0, 0, L1TAB, L1TAB, 0, XTAB, XTAB, 0, 0]);
  // One-page records back to back: copies at equal steps of more than a page.
  for (let p = 500; p < 700; p++) record(p, [0]);
  // Then a record of several pages going on from them: its pages are closer together.
  record(700, Array(20).fill(0));
  // A run across the boundary of two chunks.
  record(CHUNK_PFNS - 100, Array(300).fill(0));
  // Pages held elsewhere (a legacy compressed batch).
  for (let p = CHUNK_PFNS + 300; p < CHUNK_PFNS + 320; p++) entries.push([p, 0, null]);
  const maxPfn = CHUNK_PFNS + 319;

  // In stream order through PageRuns, as the scan hands them over; reversed, one entry at a time.
  const runs = new GuestMemory();
  const gather = new PageRuns(runs);
  for (const [pfn, type, offset] of entries) gather.add(pfn, type, offset);
  gather.flush();
  const columns = new GuestMemory();
  for (const [pfn, type, offset] of [...entries].reverse()) columns.addEntry(pfn, type, offset);

  it('keeps stream-order entries as runs, which take less room', () => {
    expect(runs.allocatedBytes).toBeLessThan(columns.allocatedBytes / 100);
    expect(runs.pfnCount).toBe(entries.length);
    expect(columns.pfnCount).toBe(entries.length);
  });

  it('answers reads and exports the same', () => {
    const pfns = [...Array(maxPfn + 2).keys()];
    expect(pfns.map((p) => runs.lookup(p))).toEqual(pfns.map((p) => columns.lookup(p)));
    expect(pfns.map((p) => runs.offsetOf(p))).toEqual(pfns.map((p) => columns.offsetOf(p)));
    expect(runs.lookup(550)!.offset - runs.lookup(549)!.offset).toBe(4096 + 4096);
    expect([...runs.presentRuns()]).toEqual([...columns.presentRuns()]);
    expect(runs.usedChunks()).toEqual(columns.usedChunks());
  });

  it('gives the same census and the same memory map at every zoom', () => {
    expect(pfnCensus(runs)).toEqual(pfnCensus(columns));
    const lastRound = runs.offsetOf(550);
    // One cell a PFN, less than a PFN a cell, a fractional width, and a zoomed-out map of the whole.
    for (const [from, to, cells] of [[390, 420, 30], [395, 405, 25], [0, maxPfn + 1, 777], [0, maxPfn + 1, 1600], [CHUNK_PFNS - 150, CHUNK_PFNS + 330, 61]]) {
      expect(binMemoryMap(runs, from!, to!, cells!, lastRound), `${from}–${to} in ${cells}`).toEqual(binMemoryMap(columns, from!, to!, cells!, lastRound));
    }
  });
});
