/** What may follow the outermost stream's end: the kinds of the trailing layer's entries. */
import type { RecordKind } from '../core/RecordKind.ts';

export const TrailingEntry = { Unknown: 0, MigrateTrailer: 1 } as const;

export const TRAILING_KINDS: Readonly<Record<number, RecordKind>> = {
  [TrailingEntry.Unknown]: { name: 'trailing bytes', category: 'trailing', guests: 'any', scanReads: 'framing' },
  [TrailingEntry.MigrateTrailer]: { name: 'xl migrate trailer', category: 'trailing', guests: 'any', scanReads: 'whole' },
};
