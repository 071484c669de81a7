/** What a legacy dissector needs to know about the stream around it (the scan learns it as it goes). */
import type { LegacyFacts } from '../core/facts.ts';
import { VCPU_CONTEXT_SIZE } from './constants.ts';

export interface LegacyEnv {
  /** Toolstack word size in bytes. */
  width: 4 | 8;
  guest: 'pv' | 'hvm';
  /** Guest PFNs (max PFN + 1); -1 while unknown. */
  p2mSize: number;
  /** PV guest word size: from the `vcpu` block, else the toolstack's (as the 4.5 restorer assumes). */
  guestWidth: 4 | 8;
  /** PV tail: 128-byte extended context after each basic one. */
  extendedContexts: boolean;
  /** PV tail: bytes of each vCPU's XSAVE record (`xcnt`), 0 when absent. */
  xsaveSize: number;
  /** vCPU count from the domain config, when the container has one. */
  vcpus?: number;
}

/** Size of each vCPU's basic context in the PV tail. */
export const basicContextSize = (env: LegacyEnv): number => VCPU_CONTEXT_SIZE[env.guestWidth];

/** The environment of a finished scan, for decoding one entry's field tree. */
export function envOfFacts(l: LegacyFacts | undefined, vcpus?: number): LegacyEnv {
  const width = l?.width ?? 8;
  const env: LegacyEnv = {
    width,
    guest: l?.guest ?? 'pv',
    p2mSize: l?.p2mSize ?? -1,
    guestWidth: l?.guestWidth ?? width,
    extendedContexts: l?.extendedContexts ?? false,
    xsaveSize: l?.xsaveSize ?? 0,
  };
  if (vcpus !== undefined) env.vcpus = vcpus;
  return env;
}
