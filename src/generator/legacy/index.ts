/** Legacy (pre-Xen-4.6) streams from a small description, with the faults the validator knows. */
import { ChunkedSource, concatChunks, type Chunk } from '../chunks.ts';
import { buildLegacyPlan } from './build.ts';
import { LEGACY_FAULTS, type LegacyFault, type LegacyFaultName } from './faults.ts';
import { legacyPlanChunks, type LegacyPlan } from './plan.ts';
import { resolveLegacySpec, type LegacySpec } from './spec.ts';

/** The plan of a legacy stream with its faults applied. */
export function planLegacyStream(spec: LegacySpec): LegacyPlan {
  const plan = buildLegacyPlan(resolveLegacySpec(spec));
  for (const name of plan.spec.legacy.faults) {
    if (!Object.hasOwn(LEGACY_FAULTS, name)) throw new Error(`unknown legacy fault "${name}"`);
    (LEGACY_FAULTS[name as LegacyFaultName] as LegacyFault).apply(plan);
  }
  return plan;
}

export function legacyStreamChunks(spec: LegacySpec): Generator<Chunk> {
  return legacyPlanChunks(planLegacyStream(spec));
}

export function buildLegacyStream(spec: LegacySpec): Uint8Array {
  return concatChunks(legacyStreamChunks(spec));
}

export function legacyStreamSource(spec: LegacySpec, name = 'generated-legacy.save'): ChunkedSource {
  return new ChunkedSource(legacyStreamChunks(spec), name);
}
