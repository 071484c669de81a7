/**
 * How page records tell the guest memory model (memory/GuestMemory.ts) what they carry, as the
 * formats see it: they feed PFN entries to a sink and know nothing else of the model.
 */

/** Offset value of a PFN whose entries carried no page data in the file. */
export const NO_COPY = -1;

/**
 * The scan's hook: page records call it once per PFN entry, in stream order. `offset` is the
 * file offset of the page data the entry carries, NO_COPY when it carries none, or null when
 * its data lies elsewhere (a legacy compressed batch).
 */
export type PageSink = (pfn: number, type: number, offset: number | null) => void;

/**
 * What the scan feeds, a run of entries at a time (libxc's PFN tally gathers its runs, legacy
 * batches use core/pageRuns.ts): the guest memory model implements it. An object with a method
 * rather than a function: every model shares the method, so the scan's call to it stays one
 * target from scan to scan, which the JIT can inline (a closure per model was a new target each time).
 */
export interface PageModel {
  /**
   * `count` entries for PFNs pfn, pfn + 1, … of one type, as a PageSink would take them one by
   * one, their pages PAGE_SIZE apart from `offset` (NO_COPY and null stand for all of them).
   */
  addRun(pfn: number, count: number, type: number, offset: number | null): void;
}
