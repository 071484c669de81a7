/** Record kinds: the colour family a timeline row is drawn in. */
import type { RecordCategory } from '../../decoder/core/RecordKind.ts';
import { kindOf } from '../../decoder/kinds.ts';
import type { Layer } from '../../decoder/model/Layer.ts';

/** The colour family of an entry: what part of the guest it carries (its descriptor says). */
export function recordCategory(layer: Layer, flags: number, type: number): RecordCategory {
  return kindOf(layer, flags, type).category;
}
