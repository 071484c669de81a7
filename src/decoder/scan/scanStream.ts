/**
 * The scan: detects the container, walks every layer, and returns the index of records, the
 * diagnostics and what it learned, keeping all of it even when the stream breaks or the caller
 * cancels.
 */
import { SourceReadError, type ByteSource } from '../bytes/ByteSource.ts';
import { hex, latin1 } from '../dissect/show.ts';
import { MAX_DIAGNOSTICS, type Diagnostic } from '../model/Diagnostic.ts';
import type { GuestMemory } from '../memory/GuestMemory.ts';
import type { IndexSummary } from '../overview/IndexSummary.ts';
import { Layer } from '../model/Layer.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import { XL_MIGRATE_TRAILER } from '../xl/header.ts';
import { DETECT_BYTES, detectFormat } from './detect.ts';
import type { StreamStop } from '../core/ScanContext.ts';
import type { FormatKind } from '../core/FormatKind.ts';
import type { StreamFacts } from '../core/facts.ts';
import { formatScanners } from './formatScanners.ts';
import { TrailingEntry } from '../trailing/kinds.ts';
import { ScanAborted, ScanState, type ScanOptions } from './ScanState.ts';

export interface ScanResult {
  name: string;
  size: number;
  /** The outermost container. */
  format: FormatKind;
  facts: StreamFacts;
  index: RecordIndex;
  diagnostics: Diagnostic[];
  /** Diagnostics by severity, including any beyond the listing limit. */
  counts: { error: number; warning: number; info: number };
  bytesRead: number;
  reads: number;
  cancelled: boolean;
  /** The guest memory model, when `options.memory` asked for it. */
  memory: GuestMemory | null;
  /** The overviews' sums of every entry, when `options.summary` asked for them. */
  summary: IndexSummary | null;
}

/** Scans a stream; rejects only with SourceReadError, when the source itself cannot be read. */
export async function scanStream(source: ByteSource, options: ScanOptions = {}): Promise<ScanResult> {
  const ctx = new ScanState(source, options);
  let format: FormatKind = 'unknown';
  let cancelled = false;
  try {
    const head = await ctx.reader.bytes(0, DETECT_BYTES);
    format = options.format && options.format !== 'auto' ? options.format : detectFormat(head);
    const stop = await scanOuter(ctx, format, head);
    if (stop.complete) {
      ctx.facts.complete = true;
      ctx.facts.endOffset = stop.next;
      await scanTrailing(ctx, stop.next);
    }
  } catch (e) {
    if (e instanceof ScanAborted) cancelled = true;
    else if (e instanceof SourceReadError) throw e;
    else {
      const at = ctx.index.count ? ctx.index.offset(ctx.index.count - 1) : 0;
      ctx.problem('STREAM_UNREADABLE', at, 0, ctx.index.count - 1, `internal error while decoding near ${hex(at)} (${(e as Error).message}); everything decoded before it is kept`);
    }
  }
  const { dropped } = ctx.diags;
  const nDropped = dropped.error + dropped.warning + dropped.info;
  if (nDropped > 0) {
    ctx.diags.items.push({ id: 'DIAGNOSTIC_LIMIT', severity: 'info', offset: 0, length: 0, record: -1, message: `only the first ${MAX_DIAGNOSTICS} diagnostics are listed; ${nDropped} more (${dropped.error} errors, ${dropped.warning} warnings) were counted` });
  }
  // Every entry is settled now, the last one too.
  const n = ctx.index.count;
  ctx.summary?.add(ctx.index, n);
  // A cancelled scan's last report says where it stopped: the end of the last entry it indexed.
  ctx.progress(cancelled ? (n ? ctx.index.end(n - 1) : 0) : ctx.size);
  // The index is complete: give back what its growth reserved beyond the last entry.
  ctx.index.compact();
  return {
    name: source.name,
    size: source.size,
    format,
    facts: ctx.facts,
    index: ctx.index,
    diagnostics: ctx.diags.items,
    counts: { ...ctx.diags.counts },
    bytesRead: ctx.reader.bytesRead,
    reads: ctx.reader.reads,
    cancelled,
    memory: ctx.memory,
    summary: ctx.summary,
  };
}

function scanOuter(ctx: ScanState, format: FormatKind, head: Uint8Array): Promise<StreamStop> {
  if (format !== 'xenopsd' && format !== 'unknown') return formatScanners(ctx.options.legacy)[format](ctx);
  const what =
    ctx.size === 0
      ? 'the file is empty'
      : format === 'xenopsd'
        ? 'this is a XenServer xenopsd image ("XenSavedDomain"), which this tool does not decode'
        : `the first bytes (${JSON.stringify(latin1(head.subarray(0, 16)))}) match no xl, libvirt, xend, libxl, libxc or legacy stream`;
  ctx.problem('FORMAT_UNKNOWN', 0, Math.min(ctx.size, 16), -1, `not a Xen save image or migration stream: ${what}`);
  return Promise.resolve({ complete: false, next: 0 });
}

/** Bytes after the outermost stream's end: an xl migrate trailer, or junk. */
async function scanTrailing(ctx: ScanState, at: number): Promise<void> {
  if (at >= ctx.size) return;
  const trailer = XL_MIGRATE_TRAILER.length;
  const head = latin1(await ctx.reader.bytes(at, trailer));
  let pos = at;
  if (head === XL_MIGRATE_TRAILER) {
    const e = ctx.entry(pos, trailer, Layer.Trailing, TrailingEntry.MigrateTrailer, 0);
    ctx.index.setNote(e, '"domain is yours, you are cleared to unpause"');
    ctx.problem('XL_MIGRATE_TRAILER', pos, trailer, e, 'the xl migrate sender\'s "domain is yours, you are cleared to unpause" message follows the stream: this file is a capture of a migration, not an xl save');
    pos += trailer;
  }
  if (pos < ctx.size) {
    const n = ctx.size - pos;
    const e = ctx.entry(pos, n, Layer.Trailing, TrailingEntry.Unknown, 0);
    ctx.index.setNote(e, `${n} bytes`);
    ctx.problem('TRAILING_DATA', pos, n, e, `${n} byte(s) after the end of the stream at ${hex(pos)}: restore never reads them`);
  }
}
