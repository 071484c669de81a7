/**
 * The guest memory map's cells for a window of PFN space (a cell per pixel, or a PFN per cell
 * zoomed in), from the guest memory model the scan builds, with how far the PFN space goes so
 * that the page can zoom and pan over it; and one cell told in full, for the cell the pointer
 * or the cursor is on.
 */
import { GuestMemory } from '../../decoder/memory/GuestMemory.ts';
import { binMemoryMap, describeCell, type CellDetail, type MemoryMapCells } from '../../decoder/overview/memoryMap.ts';
import type { Analysis } from './Analysis.ts';
import { lastRoundOffset, sessionRounds } from './sessionRounds.ts';

export interface MemoryMapReply extends MemoryMapCells {
  /** PFNs [from, to) the cells cover, as asked. */
  from: number;
  to: number;
  /** One past the highest PFN the stream names (0: none): the map's extent. */
  pfnEnd: number;
  /** Whether more than one round (or checkpoint) was sent, so that `lastRound` means something. */
  rounds: number;
}

/** At most this many cells a request: a large screen's worth of pixels. */
export const MAX_CELLS = 4096 * 2048;

export const memoryMapCells: Analysis<{ from: number; to: number; cells: number }, MemoryMapReply> = {
  sessions: 1,
  run([s], { from, to, cells }) {
    const memory = s!.memory;
    const n = Math.min(MAX_CELLS, Math.max(0, Math.floor(cells)));
    const rounds = sessionRounds(s!);
    // A stream with no page records yet (or none at all): every cell never sent.
    const binned = binMemoryMap(memory ?? new GuestMemory(), from, to, n, lastRoundOffset(rounds));
    return { ...binned, from, to, pfnEnd: memory ? memory.maxPfn + 1 : 0, rounds: rounds.length };
  },
  transfer: (r) => [r.classes.buffer, r.lastRound.buffer],
};

/** PFNs [first, end) as one cell: what hovering a cell says, and the PFN a click on it shows. */
export const memoryMapCell: Analysis<{ first: number; end: number }, CellDetail & { first: number; end: number }> = {
  sessions: 1,
  run([s], { first, end }) {
    const detail = describeCell(s!.memory ?? new GuestMemory(), first, end, lastRoundOffset(sessionRounds(s!)));
    return { ...detail, first, end };
  },
};
