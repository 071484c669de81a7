import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { binMemoryMap, cellRange, describeCell, PfnClass } from '../../../src/decoder/overview/memoryMap.ts';
import { summarize } from '../../../src/decoder/overview/IndexSummary.ts';
import { pfnCensus } from '../../../src/decoder/overview/statistics.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream, buildStream, streamSource, type StreamSpec } from '../../../src/generator/index.ts';

/** The guest memory map's cells and the per-PFN statistics, from the guest memory model. */

async function scanWithMemory(bytes: Uint8Array) {
  const r = await scanStream(new MemorySource(bytes), { memory: true });
  expect(r.counts.error).toBe(0);
  return { r, memory: r.memory! };
}

const range = (first: number, end: number) => Array.from({ length: end - first }, (_, i) => first + i);

describe('guest memory map', () => {
  it('a guest with a hole in its PFN space: the hole never sent, the VGA hole without data', async () => {
    // HVM, PFNs 0-1023 less 256-767; PFNs 0xa0-0xbf are XTAB (no contents).
    const { memory } = await scanWithMemory(buildStream({ guest: 'hvm', pages: 1024, batch: 128, image: { omit: range(256, 768) } }));
    const one = binMemoryMap(memory, 0, 1024, 1024);
    expect([...one.classes.subarray(0, 0xa0)].every((c) => c === PfnClass.SentOnce)).toBe(true);
    expect([...one.classes.subarray(0xa0, 0xc0)].every((c) => c === PfnClass.NoData)).toBe(true);
    expect([...one.classes.subarray(256, 768)].every((c) => c === PfnClass.NeverSent)).toBe(true);
    expect(one.classes[1023]).toBe(PfnClass.SentOnce);
    // Zoomed out, four cells of 256 PFNs each take their majority.
    expect([...binMemoryMap(memory, 0, 1024, 4).classes]).toEqual([PfnClass.SentOnce, PfnClass.NeverSent, PfnClass.NeverSent, PfnClass.SentOnce]);
    // Past the guest's highest PFN (and in chunks the model never allocated): never sent.
    expect([...binMemoryMap(memory, 1 << 20, 1 << 30, 8).classes]).toEqual(Array(8).fill(PfnClass.NeverSent));
    expect(pfnCensus(memory)).toEqual({ distinct: 480, max: 1023, named: 512, resent: 0, types: { NOTAB: 480, XTAB: 32 } });
  });

  it('three rounds with shrinking dirty sets: times sent, and what the last round sent', async () => {
    // Round 1 re-sends the multiples of 4, round 2 the multiples of 16.
    const all = range(0, 256);
    const spec: StreamSpec = { guest: 'hvm', pages: 256, batch: 32, image: { resend: [all.filter((p) => p % 4 === 0), all.filter((p) => p % 16 === 0)] } };
    const { r, memory } = await scanWithMemory(buildStream(spec));
    const last = summarize(r.index).rounds().at(-1)!;
    const cells = binMemoryMap(memory, 0, 256, 256, last.offset);
    expect(cells.classes[0]).toBe(PfnClass.SentThreeTimesOrMore);
    expect(cells.classes[4]).toBe(PfnClass.SentTwice);
    expect(cells.classes[5]).toBe(PfnClass.SentOnce);
    expect(describeCell(memory, 16, 17, last.offset)).toEqual({ class: PfnClass.SentThreeTimesOrMore, maxSent: 3, firstPfn: 16, type: 0, lastRound: true });
    expect(cells.lastRound[16]).toBe(1);
    expect(cells.lastRound[4]).toBe(0);
    // XTAB PFNs resent still carry no data: 0xa0 is in both resends.
    expect(cells.classes[0xa0]).toBe(PfnClass.NoData);
    // 64 PFNs sent more than once; 0xa0-0xbf are XTAB each time.
    expect(pfnCensus(memory)).toEqual({ distinct: 224, max: 255, named: 256, resent: 64, types: { NOTAB: 224, XTAB: 32 } });
  });

  it('drawn a stretch at a time, every cell agrees with that cell told in full, at any zoom', async () => {
    // Round 0 sends PFNs 0-32999 in 1024-page records; round 1 re-sends PFN 100 (so the first
    // 128 MiB chunk is kept per PFN) and sends 33000-39999 for the first time, so that the
    // second chunk stays runs with runs on both sides of the last round's start.
    const fresh = range(33000, 40000);
    const r = await scanStream(streamSource({ guest: 'hvm', pages: 40000, pageContent: 'zero', image: { omit: fresh, resend: [[100, ...fresh]] } }), { memory: true });
    expect(r.counts.error).toBe(0);
    const memory = r.memory!;
    const rounds = summarize(r.index).rounds();
    expect(rounds).toHaveLength(2);
    const last = rounds[1]!.offset;
    for (const [from, to, cells] of [[0, 40000, 40000], [0, 40000, 640], [0, 40000, 7], [32000, 36000, 333], [32768, 40000, 7232], [0, 100000, 50]] as const) {
      const map = binMemoryMap(memory, from, to, cells, last);
      const told = range(0, cells).map((k) => {
        const { first, end } = cellRange(from, to, cells, k);
        return describeCell(memory, first, end, last);
      });
      expect([...map.classes]).toEqual(told.map((d) => d.class));
      expect([...map.lastRound]).toEqual(told.map((d) => (d.lastRound ? 1 : 0)));
    }
    // One PFN a cell: the last round sent PFN 100 and 33000-39999.
    const one = binMemoryMap(memory, 0, 40000, 40000, last);
    expect(range(0, 40000).filter((p) => one.lastRound[p])).toEqual([100, ...fresh]);
  });

  it('a PV guest: its page tables stand out', async () => {
    // pv64: PFN 1 is the pinned L4, 2-4 the L3, L2 and L1 the vCPU's cr3 leads to.
    const { memory } = await scanWithMemory(buildStream({ guest: 'pv64', pages: 64, batch: 16 }));
    const cells = binMemoryMap(memory, 0, 8, 8);
    expect([...cells.classes]).toEqual([1, 4, 4, 4, 4, 1, 1, 1]);
    expect(pfnCensus(memory).types).toEqual({ NOTAB: 60, L1TAB: 1, L2TAB: 1, L3TAB: 1, 'L4TAB|LPINTAB': 1 });
  });

  it('a legacy stream feeds the same map', async () => {
    const { memory } = await scanWithMemory(buildLegacyStream({ guest: 'hvm', pages: 64, batch: 16, legacy: {} }));
    expect([...binMemoryMap(memory, 0, 64, 4).classes]).toEqual(Array(4).fill(PfnClass.SentOnce));
    expect(pfnCensus(memory)).toMatchObject({ distinct: 64, named: 64, max: 63 });
  });
});
