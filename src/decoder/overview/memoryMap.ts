/**
 * The guest memory map at a given resolution: a window of PFN space cut into equal cells (one
 * per pixel, or one PFN per cell when zoomed in), each given what the stream says of most of its
 * PFNs, read from the guest memory model's columns (no second per-PFN table).
 */
import { pageTypeHasData } from '../core/pageTypes.ts';
import { CHUNK_PFNS, type GuestMemory, type MemoryChunk } from '../memory/GuestMemory.ts';

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

/**
 * Cells over PFNs [from, to): cell k covers [from + k·w, from + (k+1)·w) with w = (to − from) /
 * cells. Chunks the model never allocated are skipped whole, so holes cost nothing to draw.
 * `lastRoundOffset`: the file offset where the last round or checkpoint starts (Infinity: none).
 */
export function binMemoryMap(memory: GuestMemory, from: number, to: number, cells: number, lastRoundOffset = Infinity): MemoryMapCells {
  const n = Math.max(0, cells);
  const out: MemoryMapCells = { classes: new Uint8Array(n), lastRound: new Uint8Array(n), maxSent: new Uint8Array(n), firstPfn: new Float64Array(n).fill(-1), types: new Uint8Array(n).fill(NO_TYPE) };
  if (cells <= 0 || to <= from) return out;
  const width = (to - from) / cells;
  const chunks = new Map<number, MemoryChunk>(memory.usedChunks().map((c) => [c.base / CHUNK_PFNS, c]));
  // A zoomed-out map visits every PFN of the guest: the loop keeps the chunk it is in and counts
  // in a typed array, with no call or allocation per PFN.
  const counts = new Float64Array(PFN_CLASSES);
  let chunkKey = -1;
  let chunk: MemoryChunk | undefined;
  for (let k = 0; k < cells; k++) {
    const first = Math.ceil(from + k * width);
    const end = Math.max(first + 1, Math.ceil(from + (k + 1) * width));
    counts.fill(0);
    let most = 0;
    let firstPfn = -1;
    let pfn = first;
    while (pfn < end) {
      const key = Math.floor(pfn / CHUNK_PFNS);
      if (key !== chunkKey) {
        chunkKey = key;
        chunk = chunks.get(key);
      }
      const chunkEnd = Math.min(end, (key + 1) * CHUNK_PFNS);
      if (!chunk) {
        counts[PfnClass.NeverSent]! += chunkEnd - pfn;
        pfn = chunkEnd;
        continue;
      }
      const { base, sent: sentColumn, types, offsets } = chunk;
      for (; pfn < chunkEnd; pfn++) {
        const i = pfn - base;
        const sent = sentColumn[i]!;
        if (sent === 0) {
          counts[PfnClass.NeverSent]!++;
          continue;
        }
        counts[classOf(sent, types[i]!)]!++;
        if (sent > most) most = sent;
        if (firstPfn < 0) {
          firstPfn = pfn;
          out.types[k] = types[i]!;
        }
        if (offsets[i]! >= lastRoundOffset) out.lastRound[k] = 1;
      }
    }
    out.maxSent[k] = Math.min(255, most);
    out.firstPfn[k] = firstPfn;
    let best = 0;
    for (let c = 1; c < PFN_CLASSES; c++) if (counts[c]! > counts[best]!) best = c;
    out.classes[k] = best;
  }
  return out;
}
