/**
 * Every legacy entry kind the decoder knows says what converting makes of it (shown with the entry
 * in the explorer), and the converter has a step for exactly those kinds: a kind whose descriptor
 * promises a conversion but has no step would be refused at convert time, and a step for a kind
 * without a promise would convert silently. No fixture: the two tables themselves.
 */
import { describe, expect, it } from 'vitest';
import { CHUNK_NAMES, chunkEntryType, LegacyEntry } from '../../src/decoder/legacy/constants.ts';
import { legacyKind } from '../../src/decoder/legacy/kinds.ts';
import { LEGACY_TO_V2 } from '../../src/convert/legacyToV2.ts';

const kinds = [...Object.values(LegacyEntry), ...Object.keys(CHUNK_NAMES).map((id) => chunkEntryType(Number(id)))];

describe('legacy kinds and the conversion', () => {
  it('every known legacy kind says what it becomes, and exactly those have a conversion step', () => {
    const withoutText = kinds.filter((t) => !legacyKind(t).convertsTo).map((t) => legacyKind(t).name);
    const withoutStep = kinds.filter((t) => !LEGACY_TO_V2[t]).map((t) => legacyKind(t).name);
    const stepsOfUnknownKinds = Object.keys(LEGACY_TO_V2).map(Number).filter((t) => !kinds.includes(t));
    expect({ withoutText, withoutStep, stepsOfUnknownKinds }).toEqual({ withoutText: [], withoutStep: [], stepsOfUnknownKinds: [] });
  });
});
