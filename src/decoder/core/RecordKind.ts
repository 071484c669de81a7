/**
 * What the decoder knows about one kind of entry — a record type, a header, a legacy chunk —
 * declared once per (layer, type) in each format's kinds.ts and read by the scan, the field
 * decode, the names, the timeline's colours and filters, and the generator.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';

/** The colour and filter family of a kind: what part of the guest it carries. */
export const RECORD_CATEGORIES = ['header', 'memory', 'cpu', 'platform', 'control', 'emulator', 'trailing'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

/** A kind's colour family, as its index in RECORD_CATEGORIES (the file map's classes). */
export const categoryIndex = (kind: { category: RecordCategory }): number => RECORD_CATEGORIES.indexOf(kind.category);

/** Which guests' streams may carry the kind (restore has no handler for it in the others). */
export type Guests = 'any' | 'pv' | 'hvm';

/**
 * How much of an entry the scan reads: all of it (up to INLINE_BODY_MAX), its header and PFN
 * array but not its pages, or only its framing.
 */
export type ScanReads = 'whole' | 'pfns' | 'framing';

export interface RecordKind {
  readonly name: string;
  readonly category: RecordCategory;
  readonly guests: Guests;
  readonly scanReads: ScanReads;
  /** What the index's aux numbers of this kind mean, in order (e.g. PAGE_DATA: count, pages, minPfn, maxPfn). */
  readonly aux?: readonly string[];
  /** The one-line summary built from the aux numbers, when the scanner left no note. */
  readonly summary?: (aux: readonly number[]) => string;
  /**
   * Legacy kinds: what converting to v2 makes of it (spec: legacy-stream.md §9, following
   * convert-legacy-stream where it works): the v2 records, or why it is dropped. Shown with the entry.
   */
  readonly convertsTo?: string;
}

/** A fixed-size stream header: decoded whole, or shown as truncated when shorter. */
export interface HeaderKind extends RecordKind {
  readonly size: number;
  /** Dissection's `littleEndian`: see core/endian.ts. */
  readonly littleEndian: boolean;
  readonly dissect: (d: Dissection) => unknown;
}

/** The kind of a type no table declares. */
export function unknownKind(name: string, category: RecordCategory): RecordKind {
  return { name, category, guests: 'any', scanReads: 'framing' };
}

/** PAGE_DATA and legacy page batches keep [count, pages, minPfn, maxPfn] in aux. */
export const PAGE_RUN_AUX = ['count', 'pages', 'minPfn', 'maxPfn'] as const;

export function pageRunSummary([count = 0, pages = 0, min = 0, max = 0]: readonly number[]): string {
  if (count === 0) return '';
  return `${count} PFN${count === 1 ? '' : 's'} ${hex(min)}${max !== min ? `–${hex(max)}` : ''}, ${pages} page${pages === 1 ? '' : 's'}`;
}
