/**
 * The options of a legacy stream to generate, apart from the fault table so that the spec, the
 * plan and the faults import it without importing each other.
 */
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
  /** Faults to put in (their names: LegacyFaultName, legacy/faults.ts; unknown ones are refused when built). */
  faults?: readonly string[];
}
