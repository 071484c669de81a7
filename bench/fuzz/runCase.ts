/**
 * One fuzz case: scan the input as the explorer does (with the guest memory model and the
 * overviews' running sums, then their statistics and census), decode the field tree of every
 * entry, as the CLI's inspect and the explorer do, and say what went wrong, if anything.
 */
import { MemorySource, type ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { INLINE_BODY_MAX } from '../../src/decoder/core/sizes.ts';
import { pfnCensus } from '../../src/decoder/overview/statistics.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';

/** Largest read the decoder may ask for: an inline body with padding, or the read-ahead window. */
export const MAX_REQUEST = INLINE_BODY_MAX + 8 + 1024 * 1024;

/** A source that remembers the largest read asked of it: reads sized from untrusted lengths show. */
export class WatchedSource implements ByteSource {
  maxRequest = 0;
  constructor(private readonly inner: ByteSource) {}
  get name() {
    return this.inner.name;
  }
  get size() {
    return this.inner.size;
  }
  read(offset: number, length: number) {
    this.maxRequest = Math.max(this.maxRequest, length);
    return this.inner.read(offset, length);
  }
}

export type FailureKind = 'exception' | 'internal error' | 'oversized read' | 'slow';

export interface CaseResult {
  failure: { kind: FailureKind; detail: string } | null;
  ms: number;
}

export interface CaseLimits {
  /** A case taking more CPU time fails as 'slow'; unset, time is not judged (tests never judge it). */
  slowMs?: number;
}

export async function runCase(bytes: Uint8Array, limits: CaseLimits = {}): Promise<CaseResult> {
  const source = new WatchedSource(new MemorySource(bytes));
  // CPU time, not wall time: on a loaded machine wall time says more about the neighbours.
  const t0 = process.cpuUsage();
  const elapsed = () => {
    const used = process.cpuUsage(t0);
    return (used.user + used.system) / 1000;
  };
  try {
    const r = await scanStream(source, { memory: true, summary: true });
    r.summary!.statistics(r.facts, pfnCensus(r.memory!));
    const internal = r.diagnostics.find((d) => d.message.includes('internal error'));
    if (internal) return { failure: { kind: 'internal error', detail: internal.message }, ms: elapsed() };
    for (let i = 0; i < r.index.count; i++) await decodeEntry(source, r.index.get(i), r.facts);
  } catch (e) {
    return { failure: { kind: 'exception', detail: (e as Error).stack ?? String(e) }, ms: elapsed() };
  }
  const ms = elapsed();
  if (source.maxRequest > MAX_REQUEST) return { failure: { kind: 'oversized read', detail: `a read of ${source.maxRequest} bytes (limit ${MAX_REQUEST})` }, ms };
  if (limits.slowMs !== undefined && ms > limits.slowMs) return { failure: { kind: 'slow', detail: `${ms.toFixed(0)} ms` }, ms };
  return { failure: null, ms };
}

/**
 * The input cut down while it still fails the same way: chunks removed, halving their size, as
 * long as the budget of runs lasts (delta debugging, simplified).
 */
export async function minimise(bytes: Uint8Array, kind: FailureKind, limits: CaseLimits, budget = 400): Promise<Uint8Array> {
  let best = bytes;
  for (let chunk = best.length >> 1; chunk >= 1 && budget > 0; chunk >>= 1) {
    for (let at = 0; at < best.length && budget > 0; budget--) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - at));
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + chunk), at);
      if ((await runCase(candidate, limits)).failure?.kind === kind) best = candidate;
      else at += chunk;
    }
  }
  return best;
}
