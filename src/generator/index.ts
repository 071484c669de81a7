/**
 * The stream generator: valid streams of every kind and each fault the validator knows, from a
 * small description. Pure TypeScript (no Node APIs), used by tests, the CLI and the explorer's
 * built-in samples; src/node/writeStream.ts writes big ones to sparse files.
 */
import { buildPlan, expandPageBatches } from './build.ts';
import { ChunkedSource, concatChunks, planChunks, type Chunk } from './chunks.ts';
import { FAULTS, type Fault, type FaultName } from './faults.ts';
import { legacyStreamChunks } from './legacy/index.ts';
import type { Plan } from './plan.ts';
import { SAMPLES } from './samples.ts';
import { resolveSpec, type StreamSpec } from './spec.ts';

export type { Chunk } from './chunks.ts';
export { ChunkedSource, coalesceChunks } from './chunks.ts';
export { expectedChecks, FAULTS, faultSpec, type FaultName } from './faults.ts';
export { expectedLegacyChecks, LEGACY_FAULTS, legacyFaultSpec, type LegacyFault, type LegacyFaultName, type LegacyShape } from './legacy/faults.ts';
export { buildLegacyStream, legacyStreamChunks, legacyStreamSource, planLegacyStream } from './legacy/index.ts';
export type { LegacyOptions, LegacySpec } from './legacy/spec.ts';
export { SAMPLES, type Sample } from './samples.ts';
export type { GuestKind, StreamSpec } from './spec.ts';

/** The plan of a stream with its faults applied. */
export function planStream(spec: StreamSpec): Plan {
  if (spec.legacy) throw new Error('planStream plans v2 streams; a legacy spec has planLegacyStream');
  const plan = buildPlan(resolveSpec(spec));
  if (plan.spec.faults.length) expandPageBatches(plan);
  for (const name of plan.spec.faults) {
    if (!Object.hasOwn(FAULTS, name)) throw new Error(`unknown fault "${name}"`);
    (FAULTS[name as FaultName] as Fault).apply(plan);
  }
  return plan;
}

/** The stream as chunks of bytes and holes, in file order. */
export function streamChunks(spec: StreamSpec): Generator<Chunk> {
  return spec.legacy ? legacyStreamChunks({ ...spec, legacy: spec.legacy }) : planChunks(planStream(spec));
}

/** The whole stream in memory. */
export function buildStream(spec: StreamSpec): Uint8Array {
  return concatChunks(streamChunks(spec));
}

/** A ByteSource over the stream that keeps holes as holes: multi-GiB streams cost no memory. */
export function streamSource(spec: StreamSpec, name = 'generated.save'): ChunkedSource {
  return new ChunkedSource(streamChunks(spec), name);
}

export function buildSample(name: string): Uint8Array {
  const s = SAMPLES.find((x) => x.name === name);
  if (!s) throw new Error(`no sample "${name}"`);
  return buildStream(s.spec);
}
