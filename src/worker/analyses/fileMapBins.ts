/**
 * The file map's picture of a byte window: per bin the record kind covering most of it, whether
 * the stream changes layer in it and the worst problem in it, and the rounds as bands, worked
 * out where the index lives so that the page keeps no column of the whole index for it. The
 * page asks again every second while a scan runs: the bins are kept with the index and only new
 * entries are added to them.
 */
import { categoryIndex, RECORD_CATEGORIES } from '../../decoder/core/RecordKind.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import { binDiagnostics, EntryBins, type ByteWindow } from '../../decoder/overview/fileMap.ts';
import type { Analysis } from './Analysis.ts';
import { sessionRounds } from './sessionRounds.ts';

/** The last picture's bins per index (a new window or width starts afresh). */
const kept = new WeakMap<RecordIndex, EntryBins>();

export interface FileMapBins {
  /** Per bin, the index in RECORD_CATEGORIES of what covers most of its bytes, or NO_CLASS. */
  kinds: Uint8Array;
  /** Per bin, 1 where the stream changes layer (xl, libxl, libxc, trailing bytes). */
  edges: Uint8Array;
  /** Per bin, the worst problem: 0 none, 1 note, 2 warning, 3 error. */
  problems: Uint8Array;
  /** Each round's [start, end) file offsets, in pairs. */
  bands: Float64Array;
  /** Bytes of page records in all rounds. */
  pageBytes: number;
}

export const fileMapBins: Analysis<ByteWindow & { bins: number }, FileMapBins> = {
  sessions: 1,
  run([s], { from, to, bins }) {
    const { index } = s!;
    const window = { from, to };
    const rounds = sessionRounds(s!);
    let grown = kept.get(index);
    if (!grown?.fits(window, bins, RECORD_CATEGORIES.length)) kept.set(index, (grown = new EntryBins(window, bins, RECORD_CATEGORIES.length)));
    // While the scan runs its last entry may still change (cut short by the end of the file): it is added at the next request.
    const settled = s!.done ? index.count : Math.max(0, index.count - 1);
    const kinds = grown.picture(index, settled, categoryIndex);
    return {
      kinds,
      edges: grown.edges(),
      problems: binDiagnostics(s!.diagnostics, window, bins),
      bands: Float64Array.from(rounds.flatMap((r) => [r.offset, r.end])),
      pageBytes: rounds.reduce((n, r) => n + r.bytes, 0),
    };
  },
  transfer: (r) => [r.kinds.buffer, r.edges.buffer, r.problems.buffer, r.bands.buffer],
};
