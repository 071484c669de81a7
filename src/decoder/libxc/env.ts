/** What a libxc record dissector may need to know about the stream around it. */
export interface LibxcEnv {
  /** Image header version (2 or 3). */
  version: number;
  /** Domain header type (1 PV, 2 HVM; anything else is invalid). */
  guestType: number;
  /** Guest word size from X86_PV_INFO (4 or 8), 0 while unknown. */
  guestWidth: number;
  /** vCPU count from the domain config, when the file has one. */
  vcpus?: number;
}

/** What the scanner learns from one record, for the restore rules and the timeline. */
export interface RecordFacts {
  summary?: string;
  pvInfo?: { width: number; levels: number };
  p2m?: { start: number; end: number; frames: number[]; framesAt: number };
  /** PV vCPU: for BASIC records, the PFNs its context points at (normalised by the saver). */
  vcpu?: { id: number; roots?: { name: string; pfn: number; at: number }[]; startInfo?: { pfn: number; at: number } };
  hvmParams?: { indices: number[] };
  /** HVM_CONTEXT: how many vCPUs it holds state for (highest per-vCPU instance + 1). */
  vcpus?: number;
}
