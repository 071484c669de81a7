/**
 * The page asks for the timeline's rows at every progress message and for the maps' rounds and
 * the file map's bins every second while a scan grows the index; the worker keeps what it worked out and looks only at new
 * entries. Whatever the moments it was asked at, the answer must be the one a fresh walk of the
 * finished index gives.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { kindKey } from '../../src/decoder/model/kindKey.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import type { RecordIndex } from '../../src/decoder/model/RecordIndex.ts';
import { categoryIndex, RECORD_CATEGORIES } from '../../src/decoder/core/RecordKind.ts';
import { binEntries, EntryBins } from '../../src/decoder/overview/fileMap.ts';
import { IndexSummary, summarize } from '../../src/decoder/overview/IndexSummary.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream, SAMPLES, type StreamSpec } from '../../src/generator/index.ts';
import type { AnalysisJob, SessionView } from '../../src/worker/analyses/Analysis.ts';
import { fileMapBins } from '../../src/worker/analyses/fileMapBins.ts';
import { sessionRounds } from '../../src/worker/analyses/sessionRounds.ts';
import { timelineRows, type RecordFilter } from '../../src/worker/analyses/timelineRows.ts';

const job: AnalysisJob = { signal: new AbortController().signal, progress: () => {} };
const PAGE_DATA = kindKey(Layer.Libxc, 0, Rec.PAGE_DATA);
const filters: RecordFilter[] = [{ kind: null, problemsOnly: false }, { kind: PAGE_DATA, problemsOnly: false }, { kind: null, problemsOnly: true }];

it.each(filters)('rows and kind counts asked for while the scan grows equal a fresh walk of the finished index (%o)', async (filter) => {
  // broken-hvm: PAGE_DATA records among others, problems on some records (one found only at the end: trailing data).
  const bytes = buildStream(SAMPLES.find((s) => s.name === 'broken-hvm')!.spec);
  const source = new MemorySource(bytes);
  let asked = 0;
  const view = (index: RecordIndex, diagnostics: SessionView['diagnostics'], done: boolean): SessionView => ({ id: 1, source, index, facts: null, diagnostics, memory: null, summary: new IndexSummary(), result: null, done });
  // Progress at every tick: the rows are asked for many times over a growing index.
  const r = await scanStream(source, {
    progressMs: 0,
    onProgress: (_, ctx) => {
      asked++;
      timelineRows.run([view(ctx.index, ctx.diags.items, false)], filter, job);
    },
  });
  expect(asked).toBeGreaterThan(3);
  const grown = await timelineRows.run([view(r.index, r.diagnostics, true)], filter, job);
  // A second scan of the same bytes: an index no request has seen.
  const fresh = await scanStream(source);
  const walked = await timelineRows.run([view(fresh.index, fresh.diagnostics, true)], filter, job);
  expect(grown).toEqual(walked);
  expect(grown.count).toBe(r.index.count);
  expect(grown.kinds.reduce((n, k) => n + k.count, 0)).toBe(r.index.count);
  if (filter.kind !== null || filter.problemsOnly) expect(grown.rows!.length).toBeGreaterThan(0);
});

it('the rounds asked for while the scan grows are those found so far; at the end, those of the finished index', async () => {
  // Three rounds of shrinking dirty sets, a page a record (256, 64 and 16 records; the scan reports every 64): rounds end and start between asks.
  const all = Array.from({ length: 256 }, (_, i) => i);
  const source = new MemorySource(buildStream({ guest: 'hvm', pages: 256, batch: 1, image: { resend: [all.filter((p) => p % 4 === 0), all.filter((p) => p % 16 === 0)] } }));
  const view = (index: RecordIndex, summary: IndexSummary, done: boolean): SessionView => ({ id: 1, source, index, facts: null, diagnostics: [], memory: null, summary, result: null, done });
  const counts = new Set<number>();
  const r = await scanStream(source, {
    progressMs: 0,
    summary: true,
    onProgress: (_, ctx) => {
      const rounds = sessionRounds(view(ctx.index, ctx.summary!, false));
      counts.add(rounds.length);
      // The live summary, fed each entry as it settled, agrees with the same entries taken in at once now.
      const now = new IndexSummary();
      now.add(ctx.index, ctx.summary!.count);
      expect(rounds).toEqual(now.rounds());
    },
  });
  // Asked for with one and with two rounds found, not only at the end.
  expect(counts).toContain(1);
  expect(counts).toContain(2);
  const rounds = sessionRounds(view(r.index, r.summary!, true));
  expect(rounds).toHaveLength(3);
  expect(rounds).toEqual(summarize(r.index).rounds());
});

const smallBatches: StreamSpec = { guest: 'hvm', pages: 600, batch: 3 };
const FILE_MAP_STREAMS: [string, Uint8Array][] = [
  // An HVM save of three-page batches: the context records around hundreds of small page records.
  ['small batches', buildStream(smallBatches)],
  // The same cut inside a page record: the last entry is cut short when the scan meets the end.
  ['small batches cut short', buildStream(smallBatches).subarray(0, 1_500_001)],
  // libxl checkpoints wrapping small libxc batches.
  ['checkpoints', buildStream({ guest: 'hvm', pages: 16, checkpoints: 40 })],
];

describe.each(FILE_MAP_STREAMS)('the file map of %s', (_, bytes) => {
  // Fewer bins than records (bins holding many entries) and more (entries spanning many bins).
  it.each([37, 5000])('asked for at every progress message with %i bins, equals one binning of the finished index', async (bins) => {
    const source = new MemorySource(bytes);
    const window = { from: 0, to: source.size, bins };
    const view = (index: RecordIndex, summary: IndexSummary, diagnostics: SessionView['diagnostics'], done: boolean): SessionView => ({ id: 1, source, index, facts: null, diagnostics, memory: null, summary, result: null, done });
    const seen = new Set<string>();
    const r = await scanStream(source, {
      progressMs: 0,
      summary: true,
      onProgress: (_, ctx) => {
        const map = fileMapBins.run([view(ctx.index, ctx.summary!, ctx.diags.items, false)], window, job) as { kinds: Uint8Array };
        seen.add(map.kinds.join());
      },
    });
    // The picture grew: it was asked for over partial indexes, not only the finished one.
    expect(seen.size).toBeGreaterThan(3);
    const grown = await fileMapBins.run([view(r.index, r.summary!, r.diagnostics, true)], window, job);
    expect(grown.kinds).toEqual(binEntries(r.index, window, bins, RECORD_CATEGORIES.length, categoryIndex));
    const once = new EntryBins(window, bins, RECORD_CATEGORIES.length);
    once.picture(r.index, r.index.count, categoryIndex);
    expect(grown.edges).toEqual(once.edges());
  });
});
