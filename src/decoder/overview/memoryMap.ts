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

export interface MemoryMapCells {
  /** Per cell, the class of most of its PFNs. */
  classes: Uint8Array;
  /** Per cell, 1 when any of its PFNs' last copy lies at or after `lastRoundOffset` (sent by the last round). */
  lastRound: Uint8Array;
  /** Per cell, the most times any of its PFNs was sent (saturating at 255). */
  maxSent: Uint8Array;
  /** Per cell, the first of its PFNs the stream names (-1: none), what a click on it shows. */
  firstPfn: Float64Array;
  /** Per cell, the page type of that PFN's last entry (NO_TYPE: none). */
  types: Uint8Array;
}

/** `types` of a cell with no PFN named. */
export const NO_TYPE = 255;

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

/** The run the map's walk is in, in absolute PFNs, so that a cell inside it is one comparison away. */
class CurrentRun {
  first = 0;
  end = 0;
  offset = -1;
  step = 0;
  type = 0;
  class: PfnClass = PfnClass.NeverSent;

  set(list: PfnRunList, r: number): void {
    if (r >= list.length) {
      this.end = 0;
      return;
    }
    this.first = list.base + list.first[r]!;
    this.end = this.first + list.count[r]!;
    this.offset = list.offset[r]!;
    this.step = list.step[r]!;
    this.type = list.type[r]!;
    this.class = classOf(1, this.type);
  }
}

/**
 * Cells over PFNs [from, to): cell k covers [from + k·w, from + (k+1)·w) with w = (to − from) /
 * cells. Chunks the model never allocated are skipped whole, so holes cost nothing to draw.
 * `lastRoundOffset`: the file offset where the last round or checkpoint starts (Infinity: none).
 */
export function binMemoryMap(memory: GuestMemory, from: number, to: number, cells: number, lastRoundOffset = Infinity): MemoryMapCells {
  const n = Math.max(0, cells);
  // Every cell is written below, so the arrays are not filled first (a 1600×400 map is 7.7 MB).
  const out: MemoryMapCells = { classes: new Uint8Array(n), lastRound: new Uint8Array(n), maxSent: new Uint8Array(n), firstPfn: new Float64Array(n), types: new Uint8Array(n) };
  if (cells <= 0 || to <= from) {
    out.firstPfn.fill(-1);
    out.types.fill(NO_TYPE);
    return out;
  }
  const width = (to - from) / cells;
  const chunks = new Map<number, StoredChunk>(memory.storedChunks().map((c) => [c.base / CHUNK_PFNS, c]));
  // A zoomed-out map covers the whole guest: the loop keeps the chunk it is in and counts in a
  // typed array, with no allocation per cell.
  const t: CellTally = { counts: new Float64Array(PFN_CLASSES), most: 0, firstPfn: -1, firstType: NO_TYPE, lastRound: false };
  let chunkKey = -1;
  let chunk: StoredChunk | undefined;
  let run = 0;
  const inRun = new CurrentRun();
  for (let k = 0; k < cells; k++) {
    const first = Math.ceil(from + k * width);
    const end = Math.max(first + 1, Math.ceil(from + (k + 1) * width));
    // Most cells of a saved guest lie inside the run the cell before ended in: no tally needed.
    if (first >= inRun.first && end <= inRun.end) {
      out.classes[k] = inRun.class;
      out.maxSent[k] = 1;
      out.firstPfn[k] = first;
      out.types[k] = inRun.type;
      out.lastRound[k] = inRun.offset >= 0 && inRun.offset + (end - 1 - inRun.first) * inRun.step >= lastRoundOffset ? 1 : 0;
      continue;
    }
    t.counts.fill(0);
    t.most = 0;
    t.firstPfn = -1;
    t.firstType = NO_TYPE;
    t.lastRound = false;
    let pfn = first;
    while (pfn < end) {
      const key = Math.floor(pfn / CHUNK_PFNS);
      if (key !== chunkKey) {
        chunkKey = key;
        chunk = chunks.get(key);
        run = 0;
      }
      const chunkEnd = Math.min(end, (key + 1) * CHUNK_PFNS);
      if (!chunk) t.counts[PfnClass.NeverSent]! += chunkEnd - pfn;
      else if (chunk instanceof PfnRunList) {
        run = tallyRuns(chunk, pfn - chunk.base, chunkEnd - chunk.base, run, t, lastRoundOffset);
        inRun.set(chunk, run);
      }
      else tallyColumns(chunk, pfn - chunk.base, chunkEnd - chunk.base, t, lastRoundOffset);
      pfn = chunkEnd;
    }
    out.maxSent[k] = Math.min(255, t.most);
    out.firstPfn[k] = t.firstPfn;
    out.types[k] = t.firstType;
    out.lastRound[k] = t.lastRound ? 1 : 0;
    let best = 0;
    for (let c = 1; c < PFN_CLASSES; c++) if (t.counts[c]! > t.counts[best]!) best = c;
    out.classes[k] = best;
  }
  return out;
}
