/**
 * Guest memory of two streams, page by page: for every PFN either stream sent, its last copy in
 * A against its last copy in B. Both copies of the pages to compare are read in large windows
 * (A's in file order, B's sorted within each window), so each page is read once and each file
 * mostly sequentially.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { PAGE_SIZE } from '../core/sizes.ts';
import type { GuestMemory, MemoryChunk } from '../memory/GuestMemory.ts';
import { CHUNK_PFNS } from '../memory/GuestMemory.ts';
import { differingBytes, sameBytes, type SameBytes } from './pageBytes.ts';
import { readPages, WINDOW_BYTES } from './pageWindows.ts';
import { PfnRuns, type PfnRun } from './pfnRuns.ts';

export interface MemorySide {
  source: ByteSource;
  memory: GuestMemory;
}

export interface PageCounts {
  /** PFNs in both whose last copies hold the same bytes (or that neither sent with contents). */
  same: number;
  /** PFNs in both whose last copies differ (one with contents and one without counts all its bytes). */
  changed: number;
  onlyA: number;
  onlyB: number;
  /** Differing bytes over all changed pages. */
  changedBytes: number;
  /** PFNs in both whose last page types differ (whatever their contents). */
  typeChanged: number;
}

export interface PageTypeChange {
  pfn: number;
  a: number;
  b: number;
}

export interface MemoryDiff {
  pages: PageCounts;
  changedPfns: PfnRun[];
  onlyAPfns: PfnRun[];
  onlyBPfns: PfnRun[];
  /** The first TYPE_CHANGES_LISTED page-type changes (pages.typeChanged counts them all). */
  typeChanges: PageTypeChange[];
  /** One past the highest PFN either stream sent: the guest PFN space the comparison covers. */
  pfnSpace: number;
  /** Bytes read from each file. */
  bytesRead: [number, number];
  /** Cancelled: the counts cover only the PFNs compared before. */
  cancelled: boolean;
}

export interface DiffOptions {
  /** Pages compared so far, and how many there are to compare. */
  progress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Compares runs of pages that lie back to back in both files at once (Node passes memcmp). */
  sameBytes?: SameBytes;
}

export const TYPE_CHANGES_LISTED = 1000;

/** PFNs collected before sorting by A's file offset: bounds memory (three 8-byte columns). */
const BATCH_PAIRS = 1 << 18;
const WINDOW_PAGES = WINDOW_BYTES / PAGE_SIZE;
/** Pages compared as one span: small enough that a span with one changed page costs little to redo. */
const SPAN_PAGES = 16;

const byBase = (m: GuestMemory) => new Map(m.usedChunks().map((c) => [c.base, c]));

export async function diffMemory(a: MemorySide, b: MemorySide, opts: DiffOptions = {}): Promise<MemoryDiff> {
  const pages: PageCounts = { same: 0, changed: 0, onlyA: 0, onlyB: 0, changedBytes: 0, typeChanged: 0 };
  const result: MemoryDiff = { pages, changedPfns: [], onlyAPfns: [], onlyBPfns: [], typeChanges: [], pfnSpace: Math.max(a.memory.maxPfn, b.memory.maxPfn) + 1, bytesRead: [0, 0], cancelled: false };
  const chunksA = byBase(a.memory);
  const chunksB = byBase(b.memory);
  const bases = [...new Set([...chunksA.keys(), ...chunksB.keys()])].sort((x, y) => x - y);
  const total = countPairs(bases, chunksA, chunksB);
  const changed = new PfnRuns();
  const onlyA = new PfnRuns();
  const onlyB = new PfnRuns();
  const pfn = new Float64Array(BATCH_PAIRS);
  const offA = new Float64Array(BATCH_PAIRS);
  const offB = new Float64Array(BATCH_PAIRS);
  let batch = 0;
  let done = 0;
  // Changed PFNs of the batch, found out of PFN order: sorted into `changed` when it is done.
  let batchChanged: number[] = [];

  const same = opts.sameBytes ?? sameBytes;
  // The pairs of window `w` (pairs w… in A's file order): both files' copies, read while the
  // window before is compared (a source whose reads are asynchronous overlaps the two).
  let order = new Uint32Array(0);
  const readWindow = (w: number) => {
    const n = Math.min(WINDOW_PAGES, batch - w);
    const wa = new Float64Array(n);
    const wb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      wa[i] = offA[order[w + i]!]!;
      wb[i] = offB[order[w + i]!]!;
    }
    return Promise.all([readPages(a.source, wa, n), readPages(b.source, wb, n)]);
  };
  const flush = async () => {
    order = Uint32Array.from({ length: batch }, (_, i) => i).sort((x, y) => offA[x]! - offA[y]!);
    let next = batch > 0 ? readWindow(0) : null;
    for (let w = 0; next; w += WINDOW_PAGES) {
      const [ra, rb] = await next;
      next = w + WINDOW_PAGES < batch && !opts.signal?.aborted ? readWindow(w + WINDOW_PAGES) : null;
      if (opts.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      const n = Math.min(WINDOW_PAGES, batch - w);
      result.bytesRead[0] += ra.bytesRead;
      result.bytesRead[1] += rb.bytesRead;
      // Pages back to back in both windows (the usual case) are compared a span at a time first;
      // only a span that differs is compared page by page, byte by byte.
      for (let i = 0; i < n; ) {
        const [bufA, bufB] = [ra.buf[i]!, rb.buf[i]!];
        const last = Math.min(n, i + SPAN_PAGES);
        let e = i + 1;
        while (e < last && ra.buf[e] === bufA && rb.buf[e] === bufB && ra.at[e] === ra.at[e - 1]! + PAGE_SIZE && rb.at[e] === rb.at[e - 1]! + PAGE_SIZE) e++;
        const [x, y] = [ra.buffers[bufA]!, rb.buffers[bufB]!];
        const span = (e - i) * PAGE_SIZE;
        if (same(x.bytes.subarray(ra.at[i]!, ra.at[i]! + span), y.bytes.subarray(rb.at[i]!, rb.at[i]! + span))) pages.same += e - i;
        else {
          for (let k = i; k < e; k++) {
            const d = differingBytes(x, ra.at[k]!, y, rb.at[k]!);
            if (d === 0) pages.same++;
            else {
              pages.changed++;
              pages.changedBytes += d;
              batchChanged.push(pfn[order[k + w]!]!);
            }
          }
        }
        i = e;
      }
      done += n;
      opts.progress?.(done, total);
    }
    for (const p of batchChanged.sort((x, y) => x - y)) changed.add(p);
    batchChanged = [];
    batch = 0;
  };

  for (const base of bases) {
    const ca = chunksA.get(base);
    const cb = chunksB.get(base);
    for (let i = 0; i < CHUNK_PFNS; i++) {
      const inA = ca !== undefined && ca.sent[i]! > 0;
      const inB = cb !== undefined && cb.sent[i]! > 0;
      if (!inA && !inB) continue;
      const p = base + i;
      if (!inB) {
        pages.onlyA++;
        onlyA.add(p);
        continue;
      }
      if (!inA) {
        pages.onlyB++;
        onlyB.add(p);
        continue;
      }
      const ta = ca!.types[i]!;
      const tb = cb!.types[i]!;
      if (ta !== tb) {
        pages.typeChanged++;
        if (result.typeChanges.length < TYPE_CHANGES_LISTED) result.typeChanges.push({ pfn: p, a: ta, b: tb });
      }
      const oa = ca!.offsets[i]!;
      const ob = cb!.offsets[i]!;
      if (oa >= 0 && ob >= 0) {
        pfn[batch] = p;
        offA[batch] = oa;
        offB[batch] = ob;
        if (++batch === BATCH_PAIRS) await flush();
        if (result.cancelled) break;
      } else if (oa < 0 && ob < 0) pages.same++;
      else {
        // Contents on one side only: nothing to compare them with, so every byte counts.
        pages.changed++;
        pages.changedBytes += PAGE_SIZE;
        batchChanged.push(p);
      }
    }
    if (result.cancelled) break;
  }
  if (!result.cancelled) await flush();
  result.changedPfns = changed.runs;
  result.onlyAPfns = onlyA.runs;
  result.onlyBPfns = onlyB.runs;
  return result;
}

/** PFNs with a copy on both sides: the pages there are to read and compare. */
function countPairs(bases: number[], chunksA: Map<number, MemoryChunk>, chunksB: Map<number, MemoryChunk>): number {
  let n = 0;
  for (const base of bases) {
    const ca = chunksA.get(base);
    const cb = chunksB.get(base);
    if (!ca || !cb) continue;
    for (let i = 0; i < CHUNK_PFNS; i++) if (ca.sent[i]! > 0 && cb.sent[i]! > 0 && ca.offsets[i]! >= 0 && cb.offsets[i]! >= 0) n++;
  }
  return n;
}
