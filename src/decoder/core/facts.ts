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
