import type { DomainConfig } from '../config/domainConfig.ts';

/** What a scan learned about the file as a whole: the header bar and `verify` summary. */
export interface StreamFacts {
  /** Layers from the outside in, e.g. ["xl", "libxl v2", "libxc v3"]. */
  containers: string[];
  config?: DomainConfig;
  xl?: { mandatoryFlags: number; optionalDataLength: number };
  /** `emulatorRecords`: EMULATOR_* records seen (libxl writes them for HVM guests, never for PVH). */
  libxl?: { version: number; legacyConverted: boolean; emulatorRecords: number };
  libxc?: {
    version: number;
    guestType: number;
    xenMajor: number;
    xenMinor: number;
    guestWidth?: number;
    ptLevels?: number;
    /** PV: highest PFN the P2M covers. */
    maxPfn?: number;
    pageRecords: number;
    /** Pages with data, counting repeats. */
    pages: number;
  };
  /** A legacy (pre-Xen-4.6) stream: what it does not say about itself, and how it was decided. */
  legacy?: LegacyFacts;
  /** Checkpoints completed in a checkpointed (Remus/COLO) stream. */
  checkpoints: number;
  /** The outermost stream reached its proper end (END record or a complete checkpoint). */
  complete: boolean;
  /** Offset just past the outermost stream's end (where trailing bytes would start). */
  endOffset: number;
}

export interface LegacyFacts {
  /** Word size of the saving toolstack in bytes: the width of p2m_size, PFN entries, ... */
  width: 4 | 8;
  guest: 'pv' | 'hvm';
  widthFrom: 'option' | 'stream';
  guestFrom: 'option' | 'config' | 'stream';
  /** How width and guest type were decided, in words. */
  decidedBy: string;
  /** Guest PFNs (max PFN + 1), once read. */
  p2mSize?: number;
  /** PV: guest word size, from the size of the `vcpu` extended-info block (else the toolstack's). */
  guestWidth?: 4 | 8;
  /** PV: each vCPU context in the tail is followed by a 128-byte extended context (`extv`). */
  extendedContexts?: boolean;
  /** PV: size of each vCPU's XSAVE record in the tail (`xcnt`), 0 when there is none. */
  xsaveSize?: number;
  pageBatches: number;
  /** Pages with data, counting repeats. */
  pages: number;
  /** QEMU record signature of an HVM tail. */
  qemu?: string;
}

const GUEST = { 1: 'x86 PV', 2: 'x86 HVM' } as Record<number, string>;

/** One line for people: "xl → libxl v2 → libxc v3, x86 HVM, Xen 4.17". */
export function describeFacts(f: StreamFacts): string {
  const parts = [f.containers.join(' → ') || 'unknown format'];
  const x = f.libxc;
  if (x) {
    let guest = GUEST[x.guestType] ?? `domain type ${x.guestType}`;
    if (x.guestType === 1 && x.guestWidth) guest += ` ${x.guestWidth * 8}-bit`;
    // The domain header says HVM for PVH guests too; the domain config tells them apart, and
    // without one the records do: libxl saves a device model's state for HVM guests only.
    if (x.guestType === 2 && f.config?.type === 'pvh') guest = 'x86 PVH';
    else if (x.guestType === 2 && !f.config?.type && f.complete && f.libxl && f.libxl.emulatorRecords === 0) guest = 'x86 PVH (no device model state)';
    parts.push(guest);
    parts.push(x.xenMajor === 0 ? 'converted from legacy' : `Xen ${x.xenMajor}.${x.xenMinor}`);
  }
  const l = f.legacy;
  if (l) {
    // A legacy stream does not say these: say where they come from.
    const from = { option: 'as given', config: 'per the domain config', stream: 'guessed from the first bytes' };
    parts.push(`x86 ${l.guest.toUpperCase()}${l.guest === 'pv' && l.guestWidth ? ` ${l.guestWidth * 8}-bit` : ''} (${from[l.guestFrom]})`);
    parts.push(`Xen ≤ 4.5 stream from a ${l.width * 8}-bit toolstack${l.widthFrom === 'option' ? ' (as given)' : ''}`);
  }
  if (f.checkpoints > 0) parts.push(`${f.checkpoints} checkpoint${f.checkpoints === 1 ? '' : 's'}`);
  return parts.join(', ');
}
