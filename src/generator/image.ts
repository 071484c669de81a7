/**
 * Guest memory with known contents for a generated stream: page contents per send, page types,
 * PFNs left out or sent again (live-migration iterations), and the vCPUs' paging registers, so
 * that tests can read known bytes back at known addresses.
 */

/** Registers every vCPU gets. PV: `cr3` is ctrlreg[3] as the stream holds it (a PFN, folded for 32-bit). */
export interface CpuRegisters {
  cr0: bigint;
  cr3: bigint;
  cr4: bigint;
  efer: bigint;
  rip: bigint;
  rsp: bigint;
}

export interface GuestImage {
  /**
   * Contents of `pfn` in send `pass` (0 = the first, 1… = resends; in a checkpointed stream, the
   * checkpoint's index from 0); undefined: the pattern page.
   */
  page?(pfn: number, pass: number): Uint8Array | undefined;
  /** Page types by PFN: page tables (1-4) for PV, or XTAB / XALLOC / BROKEN for pages sent without contents. */
  types?: ReadonlyMap<number, number>;
  /** PFNs the first pass leaves out (never sent unless a resend names them). */
  omit?: readonly number[];
  /** PFNs sent again after the first pass, one list per pass. */
  resend?: readonly (readonly number[])[];
  cpu?: CpuRegisters;
}
