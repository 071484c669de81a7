/** Names and one-line summaries of index entries, for the timeline and `inspect`. */
import { PAGE_RUN_AUX } from './core/RecordKind.ts';
import { kindOf } from './kinds.ts';
import type { Layer } from './model/Layer.ts';
import type { IndexEntry } from './model/RecordIndex.ts';

export function entryName(layer: Layer, type: number, flags: number): string {
  return kindOf(layer, flags, type).name;
}

/** v2 PAGE_DATA records and legacy page batches: they keep [count, pages, min PFN, max PFN] in aux. */
export function isPageRecord(layer: Layer, type: number, flags: number): boolean {
  return kindOf(layer, flags, type).aux === PAGE_RUN_AUX;
}

/** One-line summary: the scanner's note, or one built from the entry's aux numbers. */
export function entrySummary(e: IndexEntry): string {
  if (e.note !== undefined) return e.note;
  return kindOf(e.layer, e.flags, e.type).summary?.(e.aux) ?? '';
}
