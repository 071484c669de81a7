/**
 * The guest memory model: for every PFN a stream sent, where the last copy of its page lies in
 * the file, its page type and how many times it was sent. Built during the scan from the PFN
 * arrays the scan reads anyway (no page is read). Storage is allocated per chunk of PFN space
 * that is actually used, so a sparse PFN space costs nothing for its holes. A chunk starts as
 * runs (PfnRunList: a save's pages cost bytes per record, not per PFN) and becomes per-PFN
 * columns when a PFN in it is sent again or out of order.
 */
import { NO_COPY, type PageModel, type PageSink } from '../core/pageSink.ts';
import { PAGE_SIZE } from '../core/sizes.ts';
import { joinedStep, PfnRunList } from './PfnRunList.ts';

/** PFNs per storage chunk: 32768 pages = 128 MiB of guest memory, ~352 KiB of model as columns. */
export const CHUNK_PFNS = 1 << 15;

/** What the model knows of one PFN. */
export interface PageInfo {
  pfn: number;
  /** File offset of the page's last copy, or NO_COPY when its last entry carried no data. */
  offset: number;
  /** Page type nibble of its last entry. */
  type: number;
  /** Entries naming this PFN, counting repeats (saturates at 65535). */
  sent: number;
  /** The last entry carried data but not here in the file (legacy compressed pages). */
  elsewhere: boolean;
}

/** One chunk of PFN space as columns, the arrays indexed by PFN − base. */
export interface MemoryChunk {
  readonly base: number;
  /** File offset of each PFN's last copy; NO_COPY when none. Meaningful only where `sent` is not 0. */
  readonly offsets: Float64Array;
  readonly types: Uint8Array;
  /** 0 for a PFN never named by the stream. */
  readonly sent: Uint16Array;
}

/** A chunk as the model stores it: runs, or columns once its PFNs no longer fit runs. */
export type StoredChunk = PfnRunList | MemoryChunk;

/** Bytes a column chunk takes per PFN: offset (8), type (1), sent (2). */
const COLUMN_BYTES = 8 + 1 + 2;

/** Sent-but-elsewhere marker kept in the offsets column. */
const ELSEWHERE = -2;

export class GuestMemory implements PageModel {
  private readonly chunks = new Map<number, StoredChunk>();
  /** Highest PFN named by any entry; -1 when none. */
  maxPfn = -1;
  private named = 0;
  /**
   * The run of entries not stored yet: consecutive PFNs of one type whose copies lie at equal
   * steps (a step of 0: not known yet, one PFN). One-page records back to back reach the model a
   * record at a time; their run grows here by a few comparisons and is stored once, when an entry
   * does not carry it on or the model is read (storing each cost a third of what the model
   * added to a scan of a million one-page records).
   */
  private pendPfn = 0;
  private pendCount = 0;
  private pendType = 0;
  private pendRaw = 0;
  private pendStep = 0;

  /** The chunk the previous entry fell in: savers send PFNs in runs, so most entries need no map lookup. */
  private last: StoredChunk | null = null;

  /** Records one PFN entry (a PageSink): a later copy replaces an earlier one. */
  readonly addEntry: PageSink = (pfn, type, offset) => this.addRun(pfn, 1, type, offset);

  /** Distinct PFNs named. */
  get pfnCount(): number {
    this.settle();
    return this.named;
  }

  /** Records a run of entries (as PageModel): what the scan calls, a run of a page record at a time. */
  addRun(pfn: number, count: number, type: number, offset: number | null): void {
    const raw = offset ?? ELSEWHERE;
    if (pfn + count - 1 > this.maxPfn) this.maxPfn = pfn + count - 1;
    const n = this.pendCount;
    if (n > 0 && pfn === this.pendPfn + n && type === this.pendType) {
      // The rule a stored run list joins runs by, so that gathering first stores the same runs.
      const joined = joinedStep(this.pendRaw, n, this.pendStep, raw, count, PAGE_SIZE);
      if (joined >= 0) {
        this.pendStep = joined;
        this.pendCount = n + count;
        return;
      }
    }
    this.settle();
    this.pendPfn = pfn;
    this.pendCount = count;
    this.pendType = type;
    this.pendRaw = raw;
    this.pendStep = count > 1 && raw >= 0 ? PAGE_SIZE : 0;
  }

  /** Stores the pending run: the model is read only after this. */
  private settle(): void {
    if (this.pendCount === 0) return;
    const count = this.pendCount;
    this.pendCount = 0;
    this.store(this.pendPfn, count, this.pendType, this.pendRaw, this.pendStep);
  }

  /** Stores `count` entries from `pfn` of one type, their copies `step` bytes apart from `raw` (negative: the marker for all). */
  private store(pfn: number, count: number, type: number, raw: number, step: number): void {
    while (count > 0) {
      let c = this.last;
      if (c === null || pfn < c.base || pfn >= c.base + CHUNK_PFNS) c = this.last = this.chunkFor(pfn, true);
      const i = pfn - c.base;
      const n = Math.min(count, CHUNK_PFNS - i);
      // A run list takes only PFNs past all it holds, so each is new.
      if (c instanceof PfnRunList && c.append(i, n, type, raw, step)) this.named += n;
      else {
        if (c instanceof PfnRunList) c = this.last = this.toColumns(c);
        for (let k = 0; k < n; k++) {
          const sent = c.sent[i + k]!;
          if (sent === 0) this.named++;
          if (sent < 0xffff) c.sent[i + k] = sent + 1;
          c.types[i + k] = type;
          c.offsets[i + k] = raw < 0 ? raw : raw + k * step;
        }
      }
      pfn += n;
      count -= n;
      if (raw >= 0) raw += n * step;
    }
  }

  /** What is known of `pfn`, or null when the stream never named it. */
  lookup(pfn: number): PageInfo | null {
    if (!Number.isSafeInteger(pfn) || pfn < 0) return null;
    this.settle();
    const c = this.chunkFor(pfn, false);
    if (!c) return null;
    const i = pfn - c.base;
    let raw: number;
    let type: number;
    let sent = 1;
    if (c instanceof PfnRunList) {
      const r = c.find(i);
      if (r < 0) return null;
      raw = c.offsetIn(r, i);
      type = c.type[r]!;
    } else {
      sent = c.sent[i]!;
      if (sent === 0) return null;
      raw = c.offsets[i]!;
      type = c.types[i]!;
    }
    return { pfn, offset: raw < 0 ? NO_COPY : raw, type, sent, elsewhere: raw === ELSEWHERE };
  }

  /** File offset of `pfn`'s last copy, or NO_COPY: the fast path for reads and exports. */
  offsetOf(pfn: number): number {
    this.settle();
    const c = this.chunkFor(pfn, false);
    if (!c) return NO_COPY;
    const i = pfn - c.base;
    let raw: number;
    if (c instanceof PfnRunList) {
      const r = c.find(i);
      raw = r < 0 ? NO_COPY : c.offsetIn(r, i);
    } else raw = c.sent[i]! > 0 ? c.offsets[i]! : NO_COPY;
    return raw < 0 ? NO_COPY : raw;
  }

  /** The chunks in PFN order as stored (runs or columns): for the census and the memory map, which visit runs whole. */
  storedChunks(): StoredChunk[] {
    this.settle();
    return [...this.chunks.values()].sort((a, b) => a.base - b.base);
  }

  /**
   * The chunks in PFN order as columns, for walks PFN by PFN (diff, conversion). Chunks stored as
   * runs are written out as columns for the caller, not kept.
   */
  usedChunks(): MemoryChunk[] {
    return this.storedChunks().map((c) => (c instanceof PfnRunList ? columnsOf(c) : c));
  }

  /** Bytes of model storage allocated. */
  get allocatedBytes(): number {
    this.settle();
    let bytes = 0;
    for (const c of this.chunks.values()) bytes += c instanceof PfnRunList ? c.allocatedBytes : CHUNK_PFNS * COLUMN_BYTES;
    return bytes;
  }

  /** PFNs whose last copy is not in the file as a page (a legacy Remus checkpoint sent it compressed): reads and exports cannot give them. */
  elsewhereCount(): number {
    this.settle();
    let n = 0;
    for (const c of this.chunks.values()) {
      if (c instanceof PfnRunList) {
        for (let r = 0; r < c.length; r++) if (c.offset[r] === ELSEWHERE) n += c.count[r]!;
      } else for (let i = 0; i < CHUNK_PFNS; i++) if (c.offsets[i] === ELSEWHERE && c.sent[i]! > 0) n++;
    }
    return n;
  }

  /** Runs of consecutive PFNs that have a copy in the file, in PFN order. */
  *presentRuns(): Generator<{ first: number; count: number }> {
    let first = -1;
    let count = 0;
    // Adds [from, from + n) to the run being built, or starts another and returns the one done.
    const extend = (from: number, n: number) => {
      if (count > 0 && first + count === from) {
        count += n;
        return null;
      }
      const done = count > 0 ? { first, count } : null;
      first = from;
      count = n;
      return done;
    };
    for (const c of this.storedChunks()) {
      if (c instanceof PfnRunList) {
        for (let r = 0; r < c.length; r++) {
          const done = c.offset[r]! >= 0 ? extend(c.base + c.first[r]!, c.count[r]!) : null;
          if (done) yield done;
        }
        continue;
      }
      for (let i = 0; i < CHUNK_PFNS; i++) {
        const done = c.offsets[i]! >= 0 && c.sent[i]! > 0 ? extend(c.base + i, 1) : null;
        if (done) yield done;
      }
    }
    if (count > 0) yield { first, count };
  }

  /** Replaces a run list by columns holding the same, for an entry runs cannot take. */
  private toColumns(list: PfnRunList): MemoryChunk {
    const c = columnsOf(list);
    this.chunks.set(list.base / CHUNK_PFNS, c);
    return c;
  }

  private chunkFor(pfn: number, create: true): StoredChunk;
  private chunkFor(pfn: number, create: false): StoredChunk | undefined;
  private chunkFor(pfn: number, create: boolean): StoredChunk | undefined {
    const key = Math.floor(pfn / CHUNK_PFNS);
    let c = this.chunks.get(key);
    if (!c && create) {
      c = new PfnRunList(key * CHUNK_PFNS);
      this.chunks.set(key, c);
    }
    return c;
  }
}

/** The columns holding what a run list holds: each PFN in it sent once. */
function columnsOf(list: PfnRunList): MemoryChunk {
  // Offsets are left unfilled where no PFN was sent (readers look at `sent` first): fresh memory
  // is only touched where written, so a chunk holding a handful of scattered PFNs costs pages of
  // memory, not 352 KiB (a mutated stream scattering 5,000 PFNs over 4,000 chunks took 4.5 s).
  const c: MemoryChunk = { base: list.base, offsets: new Float64Array(CHUNK_PFNS), types: new Uint8Array(CHUNK_PFNS), sent: new Uint16Array(CHUNK_PFNS) };
  for (let r = 0; r < list.length; r++) {
    const first = list.first[r]!;
    const end = first + list.count[r]!;
    c.types.fill(list.type[r]!, first, end);
    c.sent.fill(1, first, end);
    for (let i = first; i < end; i++) c.offsets[i] = list.offsetIn(r, i);
  }
  return c;
}
