import { resolveSpec, type ResolvedSpec, type StreamSpec } from '../spec.ts';
import type { LegacyFaultName } from './faults.ts';

/** What shapes a legacy stream beyond the fields it shares with v2 streams (StreamShape). */
export interface LegacyOptions {
  /**
   * Outer container (default xl): an xl save file without the STREAMv2 flag (Xen 4.1-4.5),
   * xend's LinuxGuestRecord (xm save), libvirt's header version 1, or the bare stream that
   * libxl hands to convert-legacy-stream.
   */
  container?: 'xl' | 'xend' | 'libvirt' | 'bare';
  /** Word size of the saving toolstack in bits (default 64). */
  toolstack?: 32 | 64;
  /** PV: the extended-info block (default true; only streams older than Xen 3.1 lack it). */
  extendedInfo?: boolean;
  /** PV: XSAVE records in the tail, announced by an `xcnt` block (default true). */
  xsave?: boolean;
  /** TMEM and TMEM_EXTRA chunks (Xen 4.0-4.5 transcendent memory; default false). */
  tmem?: boolean;
  /** Remus: compressed pages from the second checkpoint on (default false; needs checkpoints ≥ 2). */
  compression?: boolean;
  faults?: LegacyFaultName[];
}

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
