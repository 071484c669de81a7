/**
 * The worker's sessions and analyses, driven in-process: several files open at once, each
 * answered about on its own, and analyses that name the sessions they work on.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildSample } from '../../src/generator/index.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { kindKey } from '../../src/decoder/model/kindKey.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import type { Field } from '../../src/decoder/model/Field.ts';
import type { Analysis } from '../../src/worker/analyses/Analysis.ts';
import { ANALYSES, type AnalysisTable } from '../../src/worker/analyses/registry.ts';
import type { AnalysisReply, AnalysisRequest, FromWorker, ToWorker } from '../../src/worker/protocol.ts';
import { createScanService } from '../../src/worker/scanService.ts';
import { sourceFor } from '../../src/worker/sources.ts';

function service(analyses?: AnalysisTable) {
  const received: FromWorker[] = [];
  const waiters: (() => void)[] = [];
  const handle = createScanService({ post: (m) => (received.push(m), waiters.splice(0).forEach((w) => w())), sourceFor, progressMs: 10, ...(analyses ? { analyses } : {}) });
  const until = (test: (m: FromWorker) => boolean): Promise<FromWorker> =>
    new Promise((resolve) => {
      const look = () => {
        const hit = received.find(test);
        if (hit) resolve(hit);
        else waiters.push(look);
      };
      look();
    });
  let id = 0;
  const ask = async (m: { type: 'request'; session: number; request: Extract<ToWorker, { type: 'request' }>['request'] } | { type: 'analyse'; analysis: AnalysisRequest }) => {
    const rid = ++id;
    handle({ ...m, id: rid } as ToWorker);
    return (await until((r) => r.type === 'reply' && r.id === rid)) as Extract<FromWorker, { type: 'reply' }>;
  };
  const openDone = async (session: number, name: string) => {
    handle({ type: 'open', session, input: { kind: 'sample', name } });
    return until((m) => m.type === 'done' && m.session === session);
  };
  return { handle, received, ask, openDone };
}

describe('worker sessions', () => {
  it('keeps two files open at once and answers each about its own records', async () => {
    const w = service();
    await Promise.all([w.openDone(1, 'hvm-v3'), w.openDone(2, 'pv64-v2')]);
    const [a, b] = await Promise.all([w.ask({ type: 'request', session: 1, request: { kind: 'decode', record: 6 } }), w.ask({ type: 'request', session: 2, request: { kind: 'decode', record: 6 } })]);
    const own = async (sample: string) => {
      const source = new MemorySource(buildSample(sample));
      const scan = await scanStream(source);
      return decodeEntry(source, scan.index.get(6), scan.facts);
    };
    expect((a as { value: Field[] }).value).toEqual(await own('hvm-v3'));
    expect((b as { value: Field[] }).value).toEqual(await own('pv64-v2'));
    expect((a as { value: Field[] }).value).not.toEqual((b as { value: Field[] }).value);
  });

  it('forgets a closed session, and says so to requests about it', async () => {
    const w = service();
    await w.openDone(1, 'hvm-v3');
    w.handle({ type: 'close', session: 1 });
    const r = await w.ask({ type: 'request', session: 1, request: { kind: 'read', offset: 0, length: 4 } });
    expect(r).toMatchObject({ ok: false, error: 'session 1 is not open' });
  });
});

describe('analyses', () => {
  it('filters the timeline in the worker: rows of one kind, rows with problems, and counts per kind', async () => {
    const w = service();
    await w.openDone(1, 'broken-hvm');
    const pageData = kindKey(Layer.Libxc, 0, Rec.PAGE_DATA);
    const all = await w.ask({ type: 'analyse', analysis: { name: 'timelineRows', sessions: [1], args: { kind: null, problemsOnly: false } } });
    const pages = await w.ask({ type: 'analyse', analysis: { name: 'timelineRows', sessions: [1], args: { kind: pageData, problemsOnly: false } } });
    const problems = await w.ask({ type: 'analyse', analysis: { name: 'timelineRows', sessions: [1], args: { kind: null, problemsOnly: true } } });
    const value = (r: typeof all) => (r.ok ? (r.value as { rows: Uint32Array | null; count: number; kinds: { key: number; count: number }[] }) : null)!;
    expect(value(all).rows).toBeNull();
    const pageCount = value(all).kinds.find((k) => k.key === pageData)!.count;
    expect(pageCount).toBeGreaterThan(1);
    expect(value(pages).rows!.length).toBe(pageCount);
    const done = w.received.find((m) => m.type === 'done')!;
    expect(done.type === 'done' && done.counts.error).toBeGreaterThan(0);
    const withProblems = new Set(w.received.flatMap((m) => (m.type === 'progress' ? m.diagnostics : [])).filter((d) => d.record >= 0).map((d) => d.record));
    expect([...value(problems).rows!]).toEqual([...withProblems].sort((a, b) => a - b));
  });

  it('runs an analysis registered with the worker over the sessions a request names, and checks how many it takes', async () => {
    // A stand-in for a diff: the record counts of two files.
    const counts: Analysis<Record<string, never>, number[]> = { sessions: 2, run: (sessions) => sessions.map((s) => s.index.count) };
    const w = service({ ...(ANALYSES as AnalysisTable), counts } as AnalysisTable);
    const [a, b] = await Promise.all([w.openDone(1, 'hvm-v3'), w.openDone(2, 'remus')]);
    expect(a && b).toBeTruthy();
    const both = await w.ask({ type: 'analyse', analysis: { name: 'counts', sessions: [2, 1], args: {} } as unknown as AnalysisRequest });
    expect(both.ok).toBe(true);
    const [n2, n1] = (both as unknown as { value: number[] }).value;
    expect(n1).toBeGreaterThan(10);
    expect(n2).not.toBe(n1);
    const one = await w.ask({ type: 'analyse', analysis: { name: 'counts', sessions: [1], args: {} } as unknown as AnalysisRequest });
    expect(one).toMatchObject({ ok: false, error: 'counts works on 2 session(s), not 1' });
  });

  it('reports a long analysis\'s progress and stops it on Cancel, replying with what it had', async () => {
    // A stand-in for a search: walks the file a page at a time until told to stop.
    const walk: Analysis<Record<string, never>, { pages: number; cancelled: boolean }> = {
      sessions: 1,
      run: async ([s], _args, job) => {
        let pages = 0;
        for (; pages * 4096 < s!.source.size * 1000 && !job.signal.aborted; pages++) {
          job.progress({ done: pages, total: s!.source.size * 1000 });
          await new Promise((r) => setTimeout(r, 1));
        }
        return { pages, cancelled: job.signal.aborted };
      },
    };
    const w = service({ ...(ANALYSES as AnalysisTable), walk } as AnalysisTable);
    await w.openDone(1, 'hvm-v3');
    w.handle({ type: 'analyse', id: 77, analysis: { name: 'walk', sessions: [1], args: {} } as unknown as AnalysisRequest });
    await new Promise((r) => setTimeout(r, 60));
    w.handle({ type: 'cancelAnalysis', id: 77 });
    const reply = await new Promise<FromWorker>((resolve) => {
      const look = () => {
        const hit = w.received.find((m) => m.type === 'reply' && m.id === 77);
        if (hit) resolve(hit);
        else setTimeout(look, 5);
      };
      look();
    });
    const progress = w.received.filter((m) => m.type === 'analysisProgress' && m.id === 77);
    expect(reply).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(progress.length).toBeGreaterThan(0);
    // Throttled: far fewer messages than steps taken.
    expect(progress.length).toBeLessThan((reply as unknown as { value: { pages: number } }).value.pages);
  });

  it('returns each diagnostic\'s bytes as a highlight in its severity\'s style', async () => {
    const w = service();
    await w.openDone(1, 'broken-pv');
    const r = await w.ask({ type: 'analyse', analysis: { name: 'problemHighlights', sessions: [1], args: { severities: ['error'] } } });
    const marks = (r as { value: { offset: number; length: number; style: string }[] }).value;
    const errors = w.received.flatMap((m) => (m.type === 'progress' ? m.diagnostics : [])).filter((d) => d.severity === 'error' && d.length > 0);
    expect(marks).toEqual(errors.map((d) => ({ offset: d.offset, length: d.length, style: 'error' })));
    expect(marks.length).toBeGreaterThan(0);
  });

  it('compares two open files (diff) and returns a PFN\'s copy from each (comparePage)', async () => {
    // The same sample in two sessions, then against another guest; a Remus sample against itself
    // at two checkpoints, which the request names per session.
    const w = service();
    await Promise.all([w.openDone(1, 'hvm-v3'), w.openDone(2, 'hvm-v3'), w.openDone(3, 'pv64-v2'), w.openDone(4, 'remus')]);
    const diff = async (sessions: number[], checkpoints: [number | null, number | null]) =>
      ((await w.ask({ type: 'analyse', analysis: { name: 'diff', sessions, args: { checkpoints } } })) as { value: AnalysisReply<'diff'> }).value;
    const same = await diff([1, 2], [null, null]);
    expect(same.pages.changed + same.pages.onlyA + same.pages.onlyB).toBe(0);
    expect(same.records.changed).toEqual([]);
    const other = await diff([1, 3], [null, null]);
    expect(other.vcpus.length).toBeGreaterThan(0);
    const remus = await diff([4, 4], [1, 2]);
    expect(remus.records.changed.map((c) => c.name)).toContain('libxc X86_TSC_INFO');
    const page = ((await w.ask({ type: 'analyse', analysis: { name: 'comparePage', sessions: [1, 3], args: { pfn: 5 } } })) as { value: AnalysisReply<'comparePage'> }).value;
    const own = async (sample: string) => {
      const source = new MemorySource(buildSample(sample));
      const scan = await scanStream(source, { memory: true });
      return source.read(scan.memory!.offsetOf(5), 4096);
    };
    expect(page.a).toMatchObject({ bytes: await own('hvm-v3') });
    expect(page.b).toMatchObject({ bytes: await own('pv64-v2') });
  });
});
