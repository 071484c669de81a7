/**
 * The guest memory map at a given resolution: a window of PFN space cut into equal cells (one
 * per pixel, or one PFN per cell when zoomed in), each given what the stream says of most of its
 * PFNs, read from the guest memory model as it stores each chunk (no second per-PFN table): a
 * chunk kept as runs costs a step per run, not per PFN.
 */
import { pageTypeHasData } from '../core/pageTypes.ts';
import { CHUNK_PFNS, type GuestMemory, type MemoryChunk, type StoredChunk } from '../memory/GuestMemory.ts';
import { PfnRunList } from '../memory/PfnRunList.ts';

/** What a cell shows, in legend order. */
export const PfnClass = {
  NeverSent: 0,
  SentOnce: 1,
  SentTwice: 2,
  SentThreeTimesOrMore: 3,
  PageTable: 4,
  /** XTAB, XALLOC or BROKEN: named by the stream, no contents sent. */
  NoData: 5,
} as const;
export type PfnClass = (typeof PfnClass)[keyof typeof PfnClass];
export const PFN_CLASSES = 6;

export const PFN_CLASS_NAMES: Record<PfnClass, string> = {
  [PfnClass.NeverSent]: 'never sent',
  [PfnClass.SentOnce]: 'sent once',
  [PfnClass.SentTwice]: 'sent twice',
  [PfnClass.SentThreeTimesOrMore]: 'sent 3+ times',
  [PfnClass.PageTable]: 'page table (L1–L4)',
  [PfnClass.NoData]: 'XTAB / XALLOC / BROKEN',
};

/**
 * What the map draws: a class and a last-round mark per cell, two bytes a cell (a 1600×400 map
 * is 1.3 MB; fresh memory is what building it costs most). What a cell holds in more detail is
 * asked for one cell at a time (`describeCell`), as the pointer or the cursor reaches it.
 */
export interface MemoryMapCells {
  /** Per cell, the class of most of its PFNs. */
  classes: Uint8Array;
  /** Per cell, 1 when any of its PFNs' last copy lies at or after `lastRoundOffset` (sent by the last round). */
  lastRound: Uint8Array;
}

/** One cell told in full: what hovering it says, and the PFN a click on it shows. */
export interface CellDetail {
  class: PfnClass;
  /** The most times any of its PFNs was sent (saturating at 255). */
  maxSent: number;
  /** The first of its PFNs the stream names (-1: none). */
  firstPfn: number;
  /** The page type of that PFN's last entry (NO_TYPE: none). */
  type: number;
  lastRound: boolean;
}

/** `type` of a cell with no PFN named. */
export const NO_TYPE = 255;

/** The first PFN of cell k of cells `width` PFNs wide from PFN `from`. */
const cellStart = (from: number, width: number, k: number) => Math.ceil(from + k * width);
/** One past the last PFN of that cell: every cell at least one PFN. */
const cellEnd = (from: number, width: number, k: number) => Math.max(cellStart(from, width, k) + 1, cellStart(from, width, k + 1));

/** PFNs [first, end) of cell k of `cells` over [from, to). */
export function cellRange(from: number, to: number, cells: number, k: number): { first: number; end: number } {
  const width = (to - from) / cells;
  return { first: cellStart(from, width, k), end: cellEnd(from, width, k) };
}

function classOf(sent: number, type: number): PfnClass {
  if (sent === 0) return PfnClass.NeverSent;
  if (!pageTypeHasData(type)) return PfnClass.NoData;
  if ((type & 7) !== 0) return PfnClass.PageTable;
  return sent === 1 ? PfnClass.SentOnce : sent === 2 ? PfnClass.SentTwice : PfnClass.SentThreeTimesOrMore;
}

/** What the PFNs of one cell add up to, as the chunks it spans are visited. */
interface CellTally {
  /** PFNs per class. */
  counts: Float64Array;
  most: number;
  firstPfn: number;
  firstType: number;
  lastRound: boolean;
}

/** Adds PFNs base + [from, to) of a chunk kept as columns: one step per PFN. */
function tallyColumns(chunk: MemoryChunk, from: number, to: number, t: CellTally, lastRoundOffset: number): void {
  const { base, sent: sentColumn, types, offsets } = chunk;
  for (let i = from; i < to; i++) {
    const sent = sentColumn[i]!;
    if (sent === 0) {
      t.counts[PfnClass.NeverSent]!++;
      continue;
    }
    t.counts[classOf(sent, types[i]!)]!++;
    if (sent > t.most) t.most = sent;
    if (t.firstPfn < 0) {
      t.firstPfn = base + i;
      t.firstType = types[i]!;
    }
    if (offsets[i]! >= lastRoundOffset) t.lastRound = true;
  }
}

/**
 * Adds PFNs base + [from, to) of a chunk kept as runs: one step per run. `r` is where to start
 * looking (runs before it end at or before `from`, as cells move up); returns where the next
 * cell should.
 */
function tallyRuns(list: PfnRunList, from: number, to: number, r: number, t: CellTally, lastRoundOffset: number): number {
  const { first, count, offset, step, type } = list;
  // Zoomed in past one PFN a cell, a cell may start on the PFN the one before ended on.
  while (r > 0 && first[r - 1]! + count[r - 1]! > from) r--;
  while (r < list.length && first[r]! + count[r]! <= from) r++;
  let at = from;
  for (; r < list.length && first[r]! < to; r++) {
    const start = Math.max(at, first[r]!);
    const end = Math.min(to, first[r]! + count[r]!);
    t.counts[PfnClass.NeverSent]! += start - at;
    t.counts[classOf(1, type[r]!)]! += end - start;
    t.most = Math.max(t.most, 1);
    if (t.firstPfn < 0) {
      t.firstPfn = list.base + start;
      t.firstType = type[r]!;
    }
    // Copies lie at ascending offsets along a run: its last PFN here has the latest.
    if (offset[r]! >= 0 && offset[r]! + (end - 1 - first[r]!) * step[r]! >= lastRoundOffset) t.lastRound = true;
    at = end;
    if (end === to) break;
  }
  t.counts[PfnClass.NeverSent]! += to - at;
  return r;
}

/**
 * The stretch of PFNs the map's walk is in, in absolute PFNs, so that the cells inside it are
 * filled at once: a run, with the runs after it that carry on its PFNs in the same class and
 * on the same side of the last round's start (a saved guest is a run a record, back to back).
 */
class CurrentStretch {
  first = 0;
  end = 0;
  class: PfnClass = PfnClass.NeverSent;
  /** PFN from which on copies lie at or after the last round's start (-Infinity: all; Infinity: none). */
  late = Infinity;

  constructor(private readonly lastRoundOffset: number) {}

  /** Where run r's copies start lying at or after the last round's start, in PFNs of its list. */
  private lateIn(list: PfnRunList, r: number): number {
    const offset = list.offset[r]!;
    // Copies lie at ascending offsets along a run (a run without data has none).
    if (offset < 0 || this.lastRoundOffset === Infinity) return Infinity;
    if (offset >= this.lastRoundOffset) return -Infinity;
    const step = list.step[r]!;
    const late = step > 0 ? list.first[r]! + Math.ceil((this.lastRoundOffset - offset) / step) : Infinity;
    return late < list.first[r]! + list.count[r]! ? late : Infinity;
  }

  set(list: PfnRunList, r: number): void {
    if (r >= list.length) {
      this.end = 0;
      return;
    }
    this.first = list.base + list.first[r]!;
    let end = list.first[r]! + list.count[r]!;
    this.class = classOf(1, list.type[r]!);
    const late = this.lateIn(list, r);
    this.late = late === Infinity || late === -Infinity ? late : list.base + late;
    // Runs of one list lie in PFN order; a run that carries on is merged while the stretch is
    // all before the last round or all in it.
    for (let next = r + 1; next < list.length && list.first[next] === end && classOf(1, list.type[next]!) === this.class; next++) {
      if ((late !== Infinity && late !== -Infinity) || this.lateIn(list, next) !== late) break;
      end += list.count[next]!;
    }
    this.end = list.base + end;
  }
}

/**
 * Walks the model's chunks for cells in ascending order, keeping the chunk and run it is in, so
 * that a zoomed-out map of the whole guest costs a step per run or per PFN kept as columns, and
 * no allocation per cell.
 */
class CellWalk {
  private readonly chunks: Map<number, StoredChunk>;
  private chunkKey = -1;
  private chunk: StoredChunk | undefined;
  private run = 0;
  /** The run the last tally ended in: cells inside it need none. */
  readonly inRun: CurrentStretch;
  readonly t: CellTally = { counts: new Float64Array(PFN_CLASSES), most: 0, firstPfn: -1, firstType: NO_TYPE, lastRound: false };

  constructor(
    memory: GuestMemory,
    private readonly lastRoundOffset: number,
  ) {
    this.inRun = new CurrentStretch(lastRoundOffset);
    this.chunks = new Map<number, StoredChunk>(memory.storedChunks().map((c) => [c.base / CHUNK_PFNS, c]));
  }

  /** Where the hole of PFN space holding `pfn` ends (the chunk's end), or `pfn` when the model keeps its chunk. */
  holeEnd(pfn: number): number {
    const key = Math.floor(pfn / CHUNK_PFNS);
    return this.chunks.has(key) ? pfn : (key + 1) * CHUNK_PFNS;
  }

  /** Tallies PFNs [first, end) into `t`; returns the class most of them have. */
  tally(first: number, end: number): PfnClass {
    const t = this.t;
    t.counts.fill(0);
    t.most = 0;
    t.firstPfn = -1;
    t.firstType = NO_TYPE;
    t.lastRound = false;
    let pfn = first;
    while (pfn < end) {
      const key = Math.floor(pfn / CHUNK_PFNS);
      if (key !== this.chunkKey) {
        this.chunkKey = key;
        this.chunk = this.chunks.get(key);
        this.run = 0;
      }
      const chunk = this.chunk;
      const chunkEnd = Math.min(end, (key + 1) * CHUNK_PFNS);
      if (!chunk) t.counts[PfnClass.NeverSent]! += chunkEnd - pfn;
      else if (chunk instanceof PfnRunList) {
        this.run = tallyRuns(chunk, pfn - chunk.base, chunkEnd - chunk.base, this.run, t, this.lastRoundOffset);
        this.inRun.set(chunk, this.run);
      } else tallyColumns(chunk, pfn - chunk.base, chunkEnd - chunk.base, t, this.lastRoundOffset);
      pfn = chunkEnd;
    }
    let best = 0;
    for (let c = 1; c < PFN_CLASSES; c++) if (t.counts[c]! > t.counts[best]!) best = c;
    return best as PfnClass;
  }
}

/**
 * Cells over PFNs [from, to): cell k covers cellRange(from, to, cells, k). Chunks the model
 * never allocated are skipped whole, so holes cost nothing to draw. `lastRoundOffset`: the file
 * offset where the last round or checkpoint starts (Infinity: none).
 */
export function binMemoryMap(memory: GuestMemory, from: number, to: number, cells: number, lastRoundOffset = Infinity): MemoryMapCells {
  const n = to > from ? Math.max(0, cells) : 0;
  // Fresh arrays are zero: never sent, not in the last round.
  const out: MemoryMapCells = { classes: new Uint8Array(Math.max(0, cells)), lastRound: new Uint8Array(Math.max(0, cells)) };
  const walk = new CellWalk(memory, lastRoundOffset);
  const inRun = walk.inRun;
  const width = (to - from) / n;
  /** The first cell ending after PFN `pfn` (n: none). Cells end in ascending order, so the estimate is off by a step at most. */
  const firstEndingAfter = (pfn: number) => {
    let j = Math.min(n, Math.max(0, Math.floor((pfn - from) / width)));
    while (j > 0 && cellEnd(from, width, j - 1) > pfn) j--;
    while (j < n && cellEnd(from, width, j) <= pfn) j++;
    return j;
  };
  // Cells inside one run, or inside a hole of PFN space, are filled a stretch at a time, found
  // by arithmetic: the work goes with the runs and the cells that straddle them, not with the
  // cells (a map is often drawn once, before the JIT has made a per-cell loop fast).
  for (let k = 0; k < n; ) {
    const first = cellStart(from, width, k);
    const end = cellEnd(from, width, k);
    if (first >= inRun.first && end <= inRun.end) {
      const stop = firstEndingAfter(inRun.end);
      out.classes.fill(inRun.class, k, stop);
      // The cells the last round sent are a tail: from the first whose last PFN is late.
      if (inRun.late !== Infinity) out.lastRound.fill(1, Math.min(stop, Math.max(k, firstEndingAfter(inRun.late))), stop);
      k = stop;
      continue;
    }
    const hole = walk.holeEnd(first);
    if (end <= hole) {
      k = firstEndingAfter(hole);
      continue;
    }
    out.classes[k] = walk.tally(first, end);
    out.lastRound[k] = walk.t.lastRound ? 1 : 0;
    k++;
  }
  return out;
}

/** What the stream says of PFNs [first, end) as one cell. */
export function describeCell(memory: GuestMemory, first: number, end: number, lastRoundOffset = Infinity): CellDetail {
  const walk = new CellWalk(memory, lastRoundOffset);
  const cls = end > first ? walk.tally(first, end) : PfnClass.NeverSent;
  const { most, firstPfn, firstType, lastRound } = walk.t;
  return { class: cls, maxSent: Math.min(255, most), firstPfn, type: firstType, lastRound };
}
