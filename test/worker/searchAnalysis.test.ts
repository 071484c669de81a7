/**
 * The search analysis over a generated HVM guest whose pages hold known text at known places:
 * matches come back with their record and, in page data, their PFN and guest address; a PFN
 * range searches only each page's last copy, and sees consecutive pages back to back wherever
 * their copies lie; a match across an 8 MiB read window is found once;
 * Cancel stops the search with what it found so far.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { SEARCH_WINDOW } from '../../src/decoder/search/searchSource.ts';
import { buildStream, type StreamSpec } from '../../src/generator/index.ts';
import { patternPage } from '../../src/generator/bodies.ts';
import { IndexSummary } from '../../src/decoder/overview/IndexSummary.ts';
import type { AnalysisJob, AnalysisProgress, SessionView } from '../../src/worker/analyses/Analysis.ts';
import { search, type SearchArgs } from '../../src/worker/analyses/search.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The pattern page of `pfn` with `text` written at `at` (clipped to the page). */
function pageWith(pfn: number, at: number, text: string): Uint8Array {
  const page = patternPage(pfn);
  page.set(ascii(text).subarray(0, 4096 - at), at);
  return page;
}

/** Every offset of `text` in `bytes`, by plain comparison. */
function offsetsOf(bytes: Uint8Array, text: string): number[] {
  const t = ascii(text);
  const out: number[] = [];
  for (let i = 0; i + t.length <= bytes.length; i++) if (t.every((v, k) => bytes[i + k] === v)) out.push(i);
  return out;
}

async function session(spec: StreamSpec) {
  const bytes = buildStream(spec);
  const source = new MemorySource(bytes);
  const r = await scanStream(source, { memory: true });
  const view: SessionView = { id: 1, source, index: r.index, facts: r.facts, diagnostics: r.diagnostics, memory: r.memory, summary: new IndexSummary(), result: r, done: true };
  return { bytes, view, r };
}

function job(onProgress: (p: AnalysisProgress, abort: () => void) => void = () => {}): AnalysisJob {
  const abort = new AbortController();
  return { signal: abort.signal, progress: (p) => onProgress(p, () => abort.abort()) };
}

const run = (view: SessionView, args: SearchArgs, j = job()) => Promise.resolve(search.run([view], args, j));
const text = (t: string) => ({ kind: 'ascii', text: t }) as const;

describe('search analysis', () => {
  // 64 pages in batches of 16: PFN 5 sent twice, "NEEDLE-p0" at 100 in its first copy and
  // "NEEDLE-p1" at 200 in its resend; PFN 6 has "STRADDLE" across its end into PFN 7.
  const spec: StreamSpec = {
    guest: 'hvm',
    pages: 64,
    batch: 16,
    image: {
      page: (pfn, pass) => (pfn === 5 ? pageWith(5, 100 + 100 * pass, `NEEDLE-p${pass}`) : pfn === 6 ? pageWith(6, 4092, 'STRA') : pfn === 7 ? pageWith(7, 0, 'DDLE') : undefined),
      resend: [[5]],
    },
  };

  it('finds text in pages with their PFN and guest address, and in a record header with its record', async () => {
    const { bytes, view, r } = await session(spec);
    const want = offsetsOf(bytes, 'NEEDLE-p');
    expect(want).toHaveLength(2);
    const got = await run(view, { query: text('NEEDLE-p'), scope: { kind: 'file' } });
    expect(got).toMatchObject({ end: 'complete', length: 8, searched: bytes.length, total: bytes.length });
    expect(got.matches).toEqual([
      { offset: want[0], record: r.index.entryAt(want[0]!), pfn: 5, address: 5 * 4096 + 100 },
      { offset: want[1], record: r.index.entryAt(want[1]!), pfn: 5, address: 5 * 4096 + 200 },
    ]);
    // Each copy lies in its own PAGE_DATA record.
    expect(got.matches[0]!.record).not.toBe(got.matches[1]!.record);

    // The xl header's magic: in the first entry, outside any page.
    const header = await run(view, { query: text('xl format'), scope: { kind: 'file' } });
    expect(header.matches).toEqual([{ offset: offsetsOf(bytes, 'xl format')[0], record: 0, pfn: null, address: null }]);
    expect(r.index.get(0).layer).toBe(Layer.Xl);
  });

  it('searches the selected record only', async () => {
    const { view } = await session(spec);
    const all = (await run(view, { query: text('NEEDLE-p'), scope: { kind: 'file' } })).matches;
    const inFirst = await run(view, { query: text('NEEDLE-p'), scope: { kind: 'record', record: all[0]!.record } });
    expect(inFirst.matches).toEqual([all[0]]);
    expect(inFirst.total).toBe(view.index.length(all[0]!.record));
  });

  it('searches the last copy of each PFN in a range, across pages that lie back to back', async () => {
    const { bytes, view } = await session(spec);
    const last = await run(view, { query: text('NEEDLE-p'), scope: { kind: 'pfns', first: 0, last: 63 } });
    expect(last.matches.map((m) => [m.pfn, m.address])).toEqual([[5, 5 * 4096 + 200]]);
    const straddle = await run(view, { query: text('STRADDLE'), scope: { kind: 'pfns', first: 6, last: 7 } });
    expect(straddle.matches).toEqual([{ offset: offsetsOf(bytes, 'STRADDLE')[0], record: expect.any(Number), pfn: 6, address: 6 * 4096 + 4092 }]);
    expect(straddle.total).toBe(2 * 4096);
    expect((await run(view, { query: text('STRADDLE'), scope: { kind: 'pfns', first: 7, last: 63 } })).matches).toEqual([]);
  });

  it('finds a match running from one PFN into the next when their last copies lie apart in the file', async () => {
    // PFN 4 ends in "SEAM"; PFN 5 is resent later, its last copy starting "LESS": the guest holds
    // "SEAMLESS" at 4 * 4096 + 4092, though the file never does.
    const apart: StreamSpec = { guest: 'hvm', pages: 16, batch: 8, image: { page: (pfn, pass) => (pfn === 4 ? pageWith(4, 4092, 'SEAM') : pfn === 5 && pass === 1 ? pageWith(5, 0, 'LESS') : undefined), resend: [[5]] } };
    const { bytes, view } = await session(apart);
    expect(offsetsOf(bytes, 'SEAMLESS')).toEqual([]);
    const got = await run(view, { query: text('SEAMLESS'), scope: { kind: 'pfns', first: 0, last: 15 } });
    const at = view.memory!.offsetOf(4) + 4092;
    // Its last 4 bytes are where PFN 5's last copy starts, which the hex view marks too.
    expect(got.matches).toEqual([{ offset: at, record: view.index.entryAt(at), pfn: 4, address: 4 * 4096 + 4092, rest: { at: view.memory!.offsetOf(5), length: 4 } }]);
    expect((await run(view, { query: text('SEAMLESS'), scope: { kind: 'pfns', first: 5, last: 15 } })).matches).toEqual([]);
  });

  it('finds a match across an 8 MiB read window once', async () => {
    // 4096 pages (16 MiB): write a needle over the page data byte at the first window's end.
    const big: StreamSpec = { guest: 'hvm', pages: 4096 };
    const { view: plain } = await session(big);
    const boundary = SEARCH_WINDOW;
    let pfn = -1;
    for (let p = 0; p <= plain.memory!.maxPfn; p++) {
      const at = plain.memory!.offsetOf(p);
      if (at <= boundary - 4 && boundary + 4 <= at + 4096) pfn = p;
    }
    expect(pfn).toBeGreaterThanOrEqual(0);
    const inPage = boundary - plain.memory!.offsetOf(pfn) - 4;
    const { bytes, view } = await session({ ...big, image: { page: (p) => (p === pfn ? pageWith(p, inPage, 'ACROSS-8MiB') : undefined) } });
    expect(offsetsOf(bytes, 'ACROSS-8MiB')).toEqual([boundary - 4]);
    const got = await run(view, { query: text('ACROSS-8MiB'), scope: { kind: 'file' } });
    expect(got.matches).toEqual([{ offset: boundary - 4, record: view.index.entryAt(boundary), pfn, address: pfn * 4096 + inPage }]);
  });

  it('stops on Cancel with the matches found so far', async () => {
    const { bytes, view } = await session({ guest: 'hvm', pages: 1024, batch: 64, image: { page: (p) => (p === 3 || p === 1000 ? pageWith(p, 0, 'CANCEL-ME') : undefined) } });
    const all = offsetsOf(bytes, 'CANCEL-ME');
    expect(all).toHaveLength(2);
    const window = 256 * 1024;
    const seen: AnalysisProgress[] = [];
    const got = await run(view, { query: text('CANCEL-ME'), scope: { kind: 'file' }, window }, job((p, abort) => (seen.push(p), abort())));
    expect(got.end).toBe('cancelled');
    expect(got.searched).toBe(window);
    expect(got.matches.map((m) => m.offset)).toEqual(all.filter((o) => o + 9 <= window));
    expect(got.matches.map((m) => m.pfn)).toEqual([3]);
    expect(seen[0]).toEqual({ done: window, total: bytes.length });
  });

  it('refuses a query that is not bytes with the message to show', async () => {
    const { view } = await session(spec);
    await expect(run(view, { query: { kind: 'hex', text: 'zz' }, scope: { kind: 'file' } })).rejects.toThrow('"zz" is not a hex byte.');
  });
});
