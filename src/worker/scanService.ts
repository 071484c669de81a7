/**
 * What the scan worker does, apart from the worker itself so that tests can drive it in-process:
 * runs one scan at a time over a ByteSource, posting what it finds as it goes, and answers
 * decode and read requests for the current scan.
 */
import { convertLegacy, ConversionRefused } from '../convert/convertLegacy.ts';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../decoder/decodeEntry.ts';
import type { LegacyOverride } from '../decoder/legacy/shape.ts';
import { pageCopies } from '../decoder/memory/pageCopies.ts';
import { batchBuffers, type RecordIndex } from '../decoder/model/RecordIndex.ts';
import type { ScanContext } from '../decoder/scan/ScanContext.ts';
import { planBlob } from '../decoder/output/planBlob.ts';
import type { StreamFacts } from '../decoder/scan/facts.ts';
import { scanStream, type ScanResult } from '../decoder/scan/scanStream.ts';
import { fingerprint } from './fingerprint.ts';
import { MAX_READ, type ConvertReply, type FromWorker, type Request, type RequestKind, type ScanInput, type ToWorker, type WorkerRequests } from './protocol.ts';

export type Post = (message: FromWorker, transfer: Transferable[]) => void;

export interface ScanServiceOptions {
  post: Post;
  /** Makes the byte source for an input (BlobSource for files, the generator for samples). */
  sourceFor: (input: ScanInput) => ByteSource | Promise<ByteSource>;
  progressMs?: number;
}

interface Session {
  scan: number;
  abort: AbortController;
  source: Promise<ByteSource>;
  /** The scan's live index and facts, known from its first progress report on. */
  index: RecordIndex | null;
  facts: StreamFacts | null;
  input: ScanInput;
  /** The finished scan, which a conversion works from. */
  result: ScanResult | null;
}

export function createScanService({ post, sourceFor, progressMs = 100 }: ScanServiceOptions): (m: ToWorker) => void {
  let session: Session | null = null;

  function open(scan: number, input: ScanInput, legacy: LegacyOverride | undefined): void {
    session?.abort.abort();
    const s: Session = { scan, abort: new AbortController(), source: Promise.resolve().then(() => sourceFor(input)), index: null, facts: null, input, result: null };
    session = s;
    s.source.then((source) => run(s, source, legacy)).catch((e: unknown) => post({ type: 'failed', scan, message: (e as Error).message ?? String(e) }, []));
  }

  async function run(s: Session, source: ByteSource, legacy: LegacyOverride | undefined): Promise<void> {
    if (s.abort.signal.aborted) return;
    const fp = await fingerprint(source);
    if (s.abort.signal.aborted) return;
    post({ type: 'opened', scan: s.scan, name: source.name, size: source.size, fingerprint: fp }, []);
    let sentEntries = 0;
    let sentDiagnostics = 0;
    const report = (progress: { offset: number; size: number; records: number; diagnostics: number }, ctx: ScanContext) => {
      s.index = ctx.index;
      s.facts = ctx.facts;
      const from = Math.max(0, sentEntries - 1);
      const batch = ctx.index.count > from ? ctx.index.batch(from) : null;
      sentEntries = ctx.index.count;
      const diagnostics = ctx.diags.items.slice(sentDiagnostics);
      const diagnosticsStart = sentDiagnostics;
      sentDiagnostics = ctx.diags.items.length;
      const transfer: Transferable[] = batch ? batchBuffers(batch) : [];
      post({ type: 'progress', scan: s.scan, progress, batch, diagnostics, diagnosticsStart, facts: ctx.facts, counts: { ...ctx.diags.counts } }, transfer);
    };
    const result = await scanStream(source, { signal: s.abort.signal, onProgress: report, progressMs, legacy });
    s.index = result.index;
    s.facts = result.facts;
    if (!result.cancelled) s.result = result;
    post({ type: 'done', scan: s.scan, format: result.format, counts: result.counts, cancelled: result.cancelled, bytesRead: result.bytesRead, reads: result.reads }, []);
  }

  async function answer(s: Session, request: Request): Promise<{ value: WorkerRequests[RequestKind]['reply']; transfer: Transferable[] }> {
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
    }
  }

  async function convert(s: Session, source: ByteSource, request: Extract<Request, { kind: 'convert' }>): Promise<ConvertReply> {
    if (!s.result) throw new Error('the scan has not finished');
    try {
      const c = await convertLegacy(source, s.result, request.format ? { format: request.format } : {});
      // A sample lives in the worker's memory: its Blob is a copy (samples are small).
      const file = s.input.kind === 'file' ? s.input.file : new Blob([(await source.read(0, source.size)).slice()]);
      return { ok: true, blob: planBlob(c.plan, file), format: c.format, checkpoint: c.checkpoint, checkpoints: c.checkpoints, warnings: c.warnings };
    } catch (e) {
      if (e instanceof ConversionRefused) return { ok: false, reason: e.message, offset: e.offset };
      throw e;
    }
  }

  function request(id: number, scan: number, r: Request): void {
    const s = session;
    if (!s || s.scan !== scan) {
      post({ type: 'reply', id, ok: false, error: `scan ${scan} is no longer open` }, []);
      return;
    }
    answer(s, r).then(
      ({ value, transfer }) => post({ type: 'reply', id, ok: true, value }, transfer),
      (e: unknown) => post({ type: 'reply', id, ok: false, error: (e as Error).message ?? String(e) }, []),
    );
  }

  return (m) => {
    switch (m.type) {
      case 'open':
        open(m.scan, m.input, m.legacy);
        break;
      case 'cancel':
        if (session?.scan === m.scan) session.abort.abort();
        break;
      case 'request':
        request(m.id, m.scan, m.request);
        break;
    }
  };
}
