import { resolveSpec, type ResolvedSpec, type StreamSpec } from '../spec.ts';
import type { LegacyOptions } from './options.ts';

export type { LegacyOptions };

/** A legacy stream to generate: the shared shape plus the legacy options. */
export type LegacySpec = StreamSpec & { legacy: LegacyOptions };

export type ResolvedLegacySpec = ResolvedSpec & { legacy: Required<LegacyOptions> };

export function resolveLegacySpec(s: LegacySpec): ResolvedLegacySpec {
  if (s.faults?.length) throw new Error(`v2 faults (${s.faults.join(', ')}) do not apply to a legacy stream; use legacy.faults`);
  if (s.colo) throw new Error('COLO streams do not exist in the legacy format');
  const l = s.legacy;
  return {
    ...resolveSpec({ ...s, batch: s.batch ?? 1024 }),
    legacy: {
      container: l.container ?? 'xl',
      toolstack: l.toolstack ?? 64,
      extendedInfo: l.extendedInfo ?? true,
      xsave: l.xsave ?? true,
      tmem: l.tmem ?? false,
      compression: l.compression ?? false,
      faults: l.faults ?? [],
    },
  };
}
