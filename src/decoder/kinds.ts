/**
 * The descriptor of any index entry, by (layer, header or record, type): each format declares
 * its kinds in its own kinds.ts; this is the one place that picks the table by layer.
 */
import { unknownKind, type HeaderKind, type RecordKind } from './core/RecordKind.ts';
import { legacyKind } from './legacy/kinds.ts';
import { isKnownRecord, LIBXC_HEADER_KINDS, libxcRecordKind, type LibxcKind } from './libxc/kinds.ts';
import { LIBXL_HEADER_KINDS, LIBXL_RECORD_KINDS, libxlRecordKind, type LibxlKind } from './libxl/kinds.ts';
import { Layer } from './model/Layer.ts';
import { TRAILING_KINDS, TrailingEntry } from './trailing/kinds.ts';
import { EntryFlag } from './model/RecordIndex.ts';
import { LIBVIRT_HEADER_KIND, XEND_HEADER_KIND } from './wrappers/kinds.ts';
import { XL_HEADER_KINDS } from './xl/kinds.ts';

/** What the field decode needs to know of a layer's entries. */
export type EntryKind =
  | { readonly form: 'header'; readonly kind: HeaderKind }
  /** `known`: a type the format defines (else the kind is a placeholder named for the number). */
  | { readonly form: 'record'; readonly kind: LibxcKind | LibxlKind; readonly known: boolean }
  | { readonly form: 'legacy' | 'trailing' | 'unknown'; readonly kind: RecordKind };

const UNKNOWN: EntryKind = { form: 'unknown', kind: unknownKind('unknown', 'header') };

export function entryKind(layer: Layer, flags: number, type: number): EntryKind {
  const header = (flags & EntryFlag.Header) !== 0;
  switch (layer) {
    case Layer.Xl:
      return { form: 'header', kind: XL_HEADER_KINDS[type] ?? XL_HEADER_KINDS[0]! };
    case Layer.Libvirt:
      return { form: 'header', kind: LIBVIRT_HEADER_KIND };
    case Layer.Xend:
      return { form: 'header', kind: XEND_HEADER_KIND };
    case Layer.Libxl:
      return header ? { form: 'header', kind: LIBXL_HEADER_KINDS[type] ?? LIBXL_HEADER_KINDS[0]! } : { form: 'record', kind: libxlRecordKind(type), known: type in LIBXL_RECORD_KINDS };
    case Layer.Libxc:
      return header ? { form: 'header', kind: LIBXC_HEADER_KINDS[type] ?? LIBXC_HEADER_KINDS[1]! } : { form: 'record', kind: libxcRecordKind(type), known: isKnownRecord(type) };
    case Layer.Legacy:
      return { form: 'legacy', kind: legacyKind(type) };
    case Layer.Trailing:
      return { form: 'trailing', kind: TRAILING_KINDS[type] ?? TRAILING_KINDS[TrailingEntry.Unknown]! };
  }
  return UNKNOWN;
}

/** The descriptor of an entry: its name, category, guests, aux numbers and (legacy) v2 kind. */
export function kindOf(layer: Layer, flags: number, type: number): RecordKind {
  return entryKind(layer, flags, type).kind;
}
