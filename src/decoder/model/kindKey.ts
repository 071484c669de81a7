/** One number per record kind (layer, header or record, type): what the timeline filters on. */
import type { Layer } from './Layer.ts';
import { EntryFlag } from './RecordIndex.ts';

const HEADER_BIT = 2 ** 32;
const LAYER_UNIT = 2 ** 33;

/** Exact in a double (type is a u32). */
export function kindKey(layer: number, flags: number, type: number): number {
  return layer * LAYER_UNIT + (flags & EntryFlag.Header ? HEADER_BIT : 0) + type;
}

export function kindParts(key: number): { layer: Layer; flags: number; type: number } {
  const layer = Math.floor(key / LAYER_UNIT) as Layer;
  const rest = key - layer * LAYER_UNIT;
  return { layer, flags: rest >= HEADER_BIT ? EntryFlag.Header : 0, type: rest % HEADER_BIT };
}
