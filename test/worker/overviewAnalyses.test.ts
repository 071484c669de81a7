/**
 * The overview analyses the page asks the worker for (statistics, file map bins, memory map
 * cells), run over finished scans of generated streams whose answers the generator's spec fixes.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { RECORD_CATEGORIES } from '../../src/decoder/core/RecordKind.ts';
import { NO_CLASS } from '../../src/decoder/overview/fileMap.ts';
import { cellRange, NO_TYPE, PfnClass } from '../../src/decoder/overview/memoryMap.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream, buildStream, type StreamSpec } from '../../src/generator/index.ts';
import type { AnalysisJob, SessionView } from '../../src/worker/analyses/Analysis.ts';
import { fileMapBins } from '../../src/worker/analyses/fileMapBins.ts';
import { memoryMapCell, memoryMapCells } from '../../src/worker/analyses/memoryMapCells.ts';
import { statistics } from '../../src/worker/analyses/statistics.ts';

const job: AnalysisJob = { signal: new AbortController().signal, progress: () => {} };

/** A finished session over `bytes`, as the worker keeps one (its scan builds the memory model and the overviews' sums). */
async function session(bytes: Uint8Array): Promise<SessionView> {
  const source = new MemorySource(bytes);
  const r = await scanStream(source, { memory: true, summary: true });
  expect(r.counts.error).toBe(0);
  return { id: 1, source, index: r.index, facts: r.facts, diagnostics: r.diagnostics, memory: r.memory, summary: r.summary!, result: r, done: true };
}

const range = (first: number, end: number) => Array.from({ length: end - first }, (_, i) => first + i);
/** HVM guests name PFNs 0xa0-0xbf (the VGA hole) as XTAB: no contents. */
const vgaHole = (pfn: number) => pfn >= 0xa0 && pfn < 0xc0;
const cellsOf = async (s: SessionView, from: number, to: number, cells: number) => memoryMapCells.run([s], { from, to, cells }, job);
/** Each cell of the same window told in full, as hovering it asks; its class and mark must be the map's. */
async function detailsOf(s: SessionView, from: number, to: number, cells: number) {
  const map = await cellsOf(s, from, to, cells);
  const details = await Promise.all(range(0, cells).map((k) => memoryMapCell.run([s], cellRange(from, to, cells, k), job)));
  expect(details.map((d) => d.class)).toEqual([...map.classes]);
  expect(details.map((d) => (d.lastRound ? 1 : 0))).toEqual([...map.lastRound]);
  return details;
}

describe('overview analyses on generated streams', () => {
  it('three rounds with shrinking dirty sets: rounds, times sent, and what the last round sent', async () => {
    // Round 0 sends PFNs 0-255, round 1 re-sends the multiples of 4, round 2 the multiples of 16.
    const all = range(0, 256);
    const resend = [all.filter((p) => p % 4 === 0), all.filter((p) => p % 16 === 0)];
    const spec: StreamSpec = { guest: 'hvm', pages: 256, batch: 32, image: { resend } };
    const s = await session(buildStream(spec));

    const stats = (await statistics.run([s], {}, job))!;
    const sent = [all, ...resend];
    expect(stats.rounds.map((r) => r.pfns)).toEqual(sent.map((p) => p.length));
    expect(stats.rounds.map((r) => r.pages)).toEqual(sent.map((p) => p.filter((x) => !vgaHole(x)).length));
    expect(stats.pfns).toMatchObject({ distinct: 224, max: 255, named: 256, resent: 64, memoryBytes: 256 * 4096 });

    const one = await cellsOf(s, 0, 256, 256);
    expect(one).toMatchObject({ from: 0, to: 256, pfnEnd: 256, rounds: 3 });
    const times = (p: number) => sent.filter((set) => set.includes(p)).length;
    const want = all.map((p) => (vgaHole(p) ? PfnClass.NoData : [0, PfnClass.SentOnce, PfnClass.SentTwice, PfnClass.SentThreeTimesOrMore][times(p)]));
    expect([...one.classes]).toEqual(want);
    expect((await detailsOf(s, 0, 256, 256)).map((d) => d.maxSent)).toEqual(all.map(times));
    // The last round's pages: the multiples of 16 that carry contents.
    expect(all.filter((p) => one.lastRound[p])).toEqual(resend[1]!.filter((p) => !vgaHole(p)));

    // Zoomed out to 4 PFNs a cell over [0, 64): most of each cell was sent once; the most
    // copies are 3 where the cell holds a multiple of 16, else 2; a click shows the first PFN.
    const four = await detailsOf(s, 0, 64, 16);
    expect(four.map((d) => d.class)).toEqual(Array(16).fill(PfnClass.SentOnce));
    expect(four.map((d) => d.maxSent)).toEqual(range(0, 16).map((k) => (k % 4 === 0 ? 3 : 2)));
    expect(four.map((d) => d.firstPfn)).toEqual(range(0, 16).map((k) => 4 * k));

    const map = await fileMapBins.run([s], { from: 0, to: s.source.size, bins: 200 }, job);
    expect(map.bands.length).toBe(2 * 3);
    expect(map.pageBytes).toBe(stats.rounds.reduce((n, r) => n + r.bytes, 0));
    expect(map.kinds.includes(RECORD_CATEGORIES.indexOf('memory'))).toBe(true);
    // No errors or warnings; the notes the scan made show in the bins holding their bytes.
    const noted = new Set(s.diagnostics.map((d) => Math.min(199, Math.floor((d.offset / s.source.size) * 200))));
    expect(s.diagnostics.every((d) => d.severity === 'info')).toBe(true);
    expect([...map.problems]).toEqual(range(0, 200).map((b) => (noted.has(b) ? 1 : 0)));
  });

  it('a Remus stream of five checkpoints: the last checkpoint is the last round', async () => {
    // The first checkpoint sends PFNs 0-127; checkpoint k the PFNs ≡ k (mod 8).
    const s = await session(buildStream({ guest: 'hvm', pages: 128, batch: 64, checkpoints: 5 }));
    const cells = await cellsOf(s, 0, 128, 128);
    expect(cells.rounds).toBe(5);
    const all = range(0, 128);
    expect(all.filter((p) => cells.lastRound[p])).toEqual(all.filter((p) => p % 8 === 4));
    expect([...cells.classes]).toEqual(all.map((p) => (p % 8 >= 1 && p % 8 <= 4 ? PfnClass.SentTwice : PfnClass.SentOnce)));
  });

  it('a guest with a hole in its PFN space: never sent, and nothing to click on there', async () => {
    // PFNs 0-1023 less 256-767.
    const s = await session(buildStream({ guest: 'hvm', pages: 1024, batch: 128, image: { omit: range(256, 768) } }));
    const cells = await cellsOf(s, 0, 1024, 4);
    expect([...cells.classes]).toEqual([PfnClass.SentOnce, PfnClass.NeverSent, PfnClass.NeverSent, PfnClass.SentOnce]);
    const details = await detailsOf(s, 0, 1024, 4);
    expect(details.map((d) => d.firstPfn)).toEqual([0, -1, -1, 768]);
    expect(details.map((d) => d.type)).toEqual([0, NO_TYPE, NO_TYPE, 0]);
    // One round: no cell is marked as the last round's.
    expect([...cells.lastRound]).toEqual([0, 0, 0, 0]);
    expect(cells.pfnEnd).toBe(1024);
    const stats = (await statistics.run([s], {}, job))!;
    expect(stats.pfns).toMatchObject({ distinct: 480, max: 1023, named: 512, resent: 0, memoryBytes: 1024 * 4096 });
    // A window past the guest's end is all never sent.
    expect([...(await cellsOf(s, 1 << 20, (1 << 20) + 8, 8)).classes]).toEqual(Array(8).fill(PfnClass.NeverSent));
  });

  it('a legacy stream: the same statistics, map cells and file map', async () => {
    const s = await session(buildLegacyStream({ guest: 'hvm', pages: 64, batch: 16, legacy: {} }));
    const stats = (await statistics.run([s], {}, job))!;
    expect(stats.rounds).toHaveLength(1);
    expect(stats.rounds[0]!.pages).toBe(64);
    expect(stats.pfns).toMatchObject({ distinct: 64, named: 64, max: 63, resent: 0 });
    const cells = await cellsOf(s, 0, 64, 4);
    expect([...cells.classes]).toEqual(Array(4).fill(PfnClass.SentOnce));
    expect(cells.pfnEnd).toBe(64);
    const map = await fileMapBins.run([s], { from: 0, to: s.source.size, bins: 64 }, job);
    expect(map.kinds.every((k) => k !== NO_CLASS)).toBe(true);
    expect(map.bands.length).toBe(2);
  });

  it('before the scan has facts there are no statistics; without a memory model every cell is never sent', async () => {
    const s = await session(buildStream({ guest: 'hvm', pages: 64, batch: 16 }));
    expect(await statistics.run([{ ...s, facts: null }], {}, job)).toBeNull();
    const cells = await cellsOf({ ...s, memory: null }, 0, 64, 8);
    expect(cells.pfnEnd).toBe(0);
    expect([...cells.classes]).toEqual(Array(8).fill(PfnClass.NeverSent));
  });
});
