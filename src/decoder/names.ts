/** Names and one-line summaries of index entries, for the timeline and `inspect`. */
import { hex } from './dissect/show.ts';
import { legacyEntryName, LegacyEntry } from './legacy/constants.ts';
import { LibxcHeader, recordName, Rec } from './libxc/constants.ts';
import { libxlRecordName } from './libxl/constants.ts';
import { Layer } from './model/Layer.ts';
import { EntryFlag, type IndexEntry } from './model/RecordIndex.ts';

export function entryName(layer: Layer, type: number, flags: number): string {
  const header = (flags & EntryFlag.Header) !== 0;
  switch (layer) {
    case Layer.Xl:
      return 'xl header';
    case Layer.Libvirt:
      return 'libvirt header';
    case Layer.Xend:
      return 'xend header';
    case Layer.Libxl:
      return header ? 'libxl header' : libxlRecordName(type);
    case Layer.Libxc:
      if (header) return type === LibxcHeader.Image ? 'image header' : 'domain header';
      return recordName(type);
    case Layer.Legacy:
      return legacyEntryName(type);
    case Layer.Trailing:
      return type === 1 ? 'xl migrate trailer' : 'trailing bytes';
  }
  return 'unknown';
}

/** v2 PAGE_DATA records and legacy page batches: they keep [count, pages, min PFN, max PFN] in aux. */
export function isPageRecord(layer: Layer, type: number, flags: number): boolean {
  if (flags & EntryFlag.Header) return false;
  return layer === Layer.Libxc ? type === Rec.PAGE_DATA : layer === Layer.Legacy && type === LegacyEntry.PageBatch;
}

/** One-line summary: the scanner's note, or one built from the entry's numbers. */
export function entrySummary(e: IndexEntry): string {
  if (e.note !== undefined) return e.note;
  if (isPageRecord(e.layer, e.type, e.flags)) {
    const [count, pages, min, max] = e.aux;
    if (count === 0) return '';
    return `${count} PFN${count === 1 ? '' : 's'} ${hex(min)}${max !== min ? `–${hex(max)}` : ''}, ${pages} page${pages === 1 ? '' : 's'}`;
  }
  return '';
}
