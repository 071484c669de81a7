/**
 * What the scan worker does, apart from the worker itself so that tests can drive it in-process:
 * keeps open sessions by id (each a scan over a ByteSource, posting what it finds as it goes),
 * answers decode and read requests about one session, and runs analyses over one or more.
 */
import { convertLegacy, ConversionRefused } from '../convert/convertLegacy.ts';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../decoder/decodeEntry.ts';
import type { LegacyOverride } from '../decoder/legacy/shape.ts';
import type { GuestMemory } from '../decoder/memory/GuestMemory.ts';
import { elfCorePlan, rawMemoryPlan } from '../decoder/memory/exportPlans.ts';
import { pageCopies } from '../decoder/memory/pageCopies.ts';
import { readVcpus } from '../decoder/memory/vcpus.ts';
import type { Diagnostic } from '../decoder/model/Diagnostic.ts';
import { batchBuffers, RecordIndex } from '../decoder/model/RecordIndex.ts';
import { IndexSummary } from '../decoder/overview/IndexSummary.ts';
import type { ScanState } from '../decoder/scan/ScanState.ts';
import { planBlob } from '../decoder/output/planBlob.ts';
import type { StreamFacts } from '../decoder/core/facts.ts';
import { scanStream, type ScanResult } from '../decoder/scan/scanStream.ts';
import type { AnalysisProgress, SessionView } from './analyses/Analysis.ts';
import { ANALYSES, type AnalysisTable } from './analyses/registry.ts';
import { fingerprint } from './fingerprint.ts';
import { MAX_READ, type AnalysisRequest, type ConvertReply, type ExportMemoryReply, type FromWorker, type MemoryExportFormat, type Request, type ScanInput, type ToWorker } from './protocol.ts';

export type Post = (message: FromWorker, transfer: Transferable[]) => void;

export interface ScanServiceOptions {
  post: Post;
  /** Makes the byte source for an input (BlobSource for files, the generator for samples). */
  sourceFor: (input: ScanInput) => ByteSource | Promise<ByteSource>;
  progressMs?: number;
  /** The analyses requests may name (all of the registry's by default). */
  analyses?: AnalysisTable;
}

interface Session {
  id: number;
  abort: AbortController;
  source: Promise<ByteSource>;
  /** The scan's live index, facts and diagnostics, known from its first progress report on. */
  index: RecordIndex | null;
  facts: StreamFacts | null;
  memory: GuestMemory | null;
  /** The scan's sums for the overviews, of the entries settled so far. */
  summary: IndexSummary | null;
  input: ScanInput;
  /** The finished scan, which a conversion works from. */
  result: ScanResult | null;
  diagnostics: readonly Diagnostic[];
  done: boolean;
}

type Answer = { value: unknown; transfer: Transferable[] };

export function createScanService({ post, sourceFor, progressMs = 100, analyses = ANALYSES as AnalysisTable }: ScanServiceOptions): (m: ToWorker) => void {
  const sessions = new Map<number, Session>();

  function open(id: number, input: ScanInput, legacy: LegacyOverride | undefined): void {
    sessions.get(id)?.abort.abort();
    const s: Session = { id, abort: new AbortController(), source: Promise.resolve().then(() => sourceFor(input)), index: null, facts: null, memory: null, summary: null, diagnostics: [], done: false, input, result: null };
    sessions.set(id, s);
    s.source.then((source) => run(s, source, legacy)).catch((e: unknown) => post({ type: 'failed', session: id, message: (e as Error).message ?? String(e) }, []));
  }

  function close(id: number): void {
    sessions.get(id)?.abort.abort();
    sessions.delete(id);
  }

  async function run(s: Session, source: ByteSource, legacy: LegacyOverride | undefined): Promise<void> {
    if (s.abort.signal.aborted) return;
    const fp = await fingerprint(source);
    if (s.abort.signal.aborted) return;
    post({ type: 'opened', session: s.id, name: source.name, size: source.size, fingerprint: fp }, []);
    let sentEntries = 0;
    let sentDiagnostics = 0;
    const report = (progress: { offset: number; size: number; records: number; diagnostics: number }, ctx: ScanState) => {
      s.index = ctx.index;
      s.facts = ctx.facts;
      s.memory = ctx.memory;
      s.summary = ctx.summary;
      s.diagnostics = ctx.diags.items;
      const from = Math.max(0, sentEntries - 1);
      const batch = ctx.index.count > from ? ctx.index.batch(from) : null;
      sentEntries = ctx.index.count;
      const diagnostics = ctx.diags.items.slice(sentDiagnostics);
      const diagnosticsStart = sentDiagnostics;
      sentDiagnostics = ctx.diags.items.length;
      const transfer: Transferable[] = batch ? batchBuffers(batch) : [];
      post({ type: 'progress', session: s.id, progress, batch, diagnostics, diagnosticsStart, facts: ctx.facts, counts: { ...ctx.diags.counts } }, transfer);
    };
    const result = await scanStream(source, { signal: s.abort.signal, onProgress: report, progressMs, legacy, memory: true, summary: true });
    s.index = result.index;
    s.memory = result.memory;
    s.summary = result.summary;
    s.facts = result.facts;
    if (!result.cancelled) s.result = result;
    s.diagnostics = result.diagnostics;
    s.done = true;
    post({ type: 'done', session: s.id, format: result.format, counts: result.counts, cancelled: result.cancelled, bytesRead: result.bytesRead, reads: result.reads }, []);
  }

  function live(id: number): Session {
    const s = sessions.get(id);
    if (!s) throw new Error(`session ${id} is not open`);
    return s;
  }

  async function answer(s: Session, request: Request): Promise<Answer> {
    const source = await s.source;
    switch (request.kind) {
      case 'decode': {
        if (!s.index || !s.facts || request.record < 0 || request.record >= s.index.count) throw new Error(`no record ${request.record}`);
        return { value: await decodeEntry(source, s.index.get(request.record), s.facts), transfer: [] };
      }
      case 'read': {
        const length = Math.min(Math.max(0, request.length), MAX_READ);
        const bytes = await source.read(request.offset, length);
        // Sources may hand out views of memory they keep (a sample's bytes): transfer a copy.
        const own = bytes.slice();
        return { value: own, transfer: [own.buffer] };
      }
      case 'convert':
        return { value: await convert(s, source, request), transfer: [] };
      case 'pfnCopies': {
        if (!s.index || !s.facts) throw new Error('the scan has not finished');
        return { value: await pageCopies(source, s.index, s.facts, request.pfn), transfer: [] };
      }
      case 'exportMemory':
        return { value: await exportMemory(s, source, request.format), transfer: [] };
    }
  }

  /** The file as a Blob to slice: a sample lives in the worker's memory, so its Blob is a copy (samples are small). */
  async function fileBlob(s: Session, source: ByteSource): Promise<Blob> {
    return s.input.kind === 'file' ? s.input.file : new Blob([(await source.read(0, source.size)).slice()]);
  }

  async function exportMemory(s: Session, source: ByteSource, format: MemoryExportFormat): Promise<ExportMemoryReply> {
    if (!s.result || !s.memory) return { ok: false, reason: s.done ? 'the scan was cancelled, so the guest memory is not fully known' : 'the scan has not finished' };
    const memory = s.memory;
    if (memory.maxPfn < 0) return { ok: false, reason: 'the image holds no guest pages' };
    const plan = format === 'elf' ? elfCorePlan(memory, await readVcpus(source, s.result)) : rawMemoryPlan(memory);
    let pages = 0;
    for (const run of memory.presentRuns()) pages += run.count;
    return { ok: true, blob: planBlob(plan, await fileBlob(s, source)), format, pages, leftOut: memory.elsewhereCount() };
  }

  async function convert(s: Session, source: ByteSource, request: Extract<Request, { kind: 'convert' }>): Promise<ConvertReply> {
    if (!s.result) throw new Error('the scan has not finished');
    try {
      const c = await convertLegacy(source, s.result, request.format ? { format: request.format } : {});
      return { ok: true, blob: planBlob(c.plan, await fileBlob(s, source)), format: c.format, checkpoint: c.checkpoint, checkpoints: c.checkpoints, warnings: c.warnings };
    } catch (e) {
      if (e instanceof ConversionRefused) return { ok: false, reason: e.message, offset: e.offset };
      throw e;
    }
  }

  /** Running analyses by request id, for Cancel. */
  const running = new Map<number, AbortController>();

  async function analyse(id: number, request: AnalysisRequest): Promise<Answer> {
    const analysis = analyses[request.name];
    if (!analysis) throw new Error(`no analysis called ${request.name}`);
    if (request.sessions.length !== analysis.sessions) throw new Error(`${request.name} works on ${analysis.sessions} session(s), not ${request.sessions.length}`);
    const views = await Promise.all(
      request.sessions.map(async (id): Promise<SessionView> => {
        const s = live(id);
        return { id, source: await s.source, index: s.index ?? new RecordIndex(0), facts: s.facts, diagnostics: s.diagnostics, memory: s.memory, summary: s.summary ?? new IndexSummary(), result: s.result, done: s.done };
      }),
    );
    const abort = new AbortController();
    running.set(id, abort);
    let lastPost = -Infinity;
    const progress = (p: AnalysisProgress) => {
      const now = Date.now();
      if (now - lastPost < progressMs && p.done < p.total) return;
      lastPost = now;
      post({ type: 'analysisProgress', id, progress: { done: p.done, total: p.total } }, []);
    };
    try {
      const value = await analysis.run(views, request.args as never, { signal: abort.signal, progress });
      return { value, transfer: analysis.transfer?.(value) ?? [] };
    } finally {
      running.delete(id);
    }
  }

  function reply(id: number, work: () => Promise<Answer>): void {
    Promise.resolve()
      .then(work)
      .then(
        ({ value, transfer }) => post({ type: 'reply', id, ok: true, value: value as never }, transfer),
        (e: unknown) => post({ type: 'reply', id, ok: false, error: (e as Error).message ?? String(e) }, []),
      );
  }

  return (m) => {
    switch (m.type) {
      case 'open':
        open(m.session, m.input, m.legacy);
        break;
      case 'cancel':
        sessions.get(m.session)?.abort.abort();
        break;
      case 'close':
        close(m.session);
        break;
      case 'request':
        reply(m.id, () => answer(live(m.session), m.request));
        break;
      case 'analyse':
        reply(m.id, () => analyse(m.id, m.analysis));
        break;
      case 'cancelAnalysis':
        running.get(m.id)?.abort();
        break;
    }
  };
}
