/**
 * The kinds of index entries visited in file order. Consecutive entries mostly share layer,
 * form and type (a million PAGE_DATA records in a row), so the kind tables are asked only when
 * those change: the overviews' per-record loops over millions of entries otherwise spend most of
 * their time looking kinds up.
 */
import type { RecordKind } from '../core/RecordKind.ts';
import { kindOf } from '../kinds.ts';
import { EntryFlag } from '../model/RecordIndex.ts';
import type { Layer } from '../model/Layer.ts';

export class KindsInOrder {
  private layer = -1;
  private header = -1;
  private type = -1;
  private kind: RecordKind | null = null;

  /** The kind of an entry, as kindOf gives it (the same object while layer, form and type repeat). */
  of(layer: Layer, flags: number, type: number): RecordKind {
    const header = flags & EntryFlag.Header;
    if (this.kind === null || layer !== this.layer || type !== this.type || header !== this.header) {
      this.layer = layer;
      this.header = header;
      this.type = type;
      this.kind = kindOf(layer, flags, type);
    }
    return this.kind;
  }
}
