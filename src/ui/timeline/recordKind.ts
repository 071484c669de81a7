/**
 * Record kinds: the key the timeline filters on (layer, header or record, type) and the colour
 * family a row is drawn in.
 */
import type { RecordCategory } from '../../decoder/core/RecordKind.ts';
import { kindOf } from '../../decoder/kinds.ts';
import type { Layer } from '../../decoder/model/Layer.ts';
import { EntryFlag } from '../../decoder/model/RecordIndex.ts';

const HEADER_BIT = 2 ** 32;
const LAYER_UNIT = 2 ** 33;

/** One number per kind: exact in a double (type is a u32). */
export function kindKey(layer: number, flags: number, type: number): number {
  return layer * LAYER_UNIT + (flags & EntryFlag.Header ? HEADER_BIT : 0) + type;
}

export function kindParts(key: number): { layer: Layer; flags: number; type: number } {
  const layer = Math.floor(key / LAYER_UNIT) as Layer;
  const rest = key - layer * LAYER_UNIT;
  return { layer, flags: rest >= HEADER_BIT ? EntryFlag.Header : 0, type: rest % HEADER_BIT };
}

/** The colour family of an entry: what part of the guest it carries (its descriptor says). */
export function recordCategory(layer: Layer, flags: number, type: number): RecordCategory {
  return kindOf(layer, flags, type).category;
}
