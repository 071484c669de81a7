/**
 * PAGE_DATA (spec: libxc-stream.md §6.2): the one record kind that holds the bulk of a file.
 * The scan reads its 8-byte header and PFN array, in chunks when the array is large, and skips
 * the page contents; the field tree lists entries and pages by offset without reading pages.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex, named } from '../dissect/show.ts';
import { ProblemTally } from '../dissect/tally.ts';
import { NO_COPY, type PageRunSink } from '../core/pageSink.ts';
import { PageRuns } from '../core/pageRuns.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';
import { PAGE_TYPE_NAMES, pageTypeHasData, pageTypeInvalid } from '../core/pageTypes.ts';
import { pageRunFields } from '../core/pageRun.ts';
import { PAGE_SIZE, TREE_ARRAY_LIMIT } from '../core/sizes.ts';

export const PFN_ENTRY_SIZE = 8;

/** Decodes the 8-byte header; returns the number of PFN entries the body can hold, or -1. */
export function dissectPageDataHeader(d: Dissection, bodyLength: number): number {
  if (bodyLength <= 8) {
    d.problem('PAGE_DATA_TOO_SHORT', -4, 4, `PAGE_DATA body is ${bodyLength} bytes; it needs more than 8 (a header and at least one PFN)`);
    if (d.has(0, 4)) d.u32('count', 0);
    if (d.has(4, 4)) d.u32('reserved', 4);
    return -1;
  }
  const count = d.u32('count', 0);
  const reserved = d.u32('reserved', 4);
  if (reserved !== 0) d.problem('PAGE_DATA_HDR_RESERVED', 4, 4, `PAGE_DATA reserved field is ${hex(reserved)}, must be 0`);
  if (count === 0) d.problem('R_PAGE_DATA_COUNT_ZERO', 0, 4, 'PAGE_DATA with a PFN count of 0: restore refuses it');
  if (bodyLength - 8 < 8 * count) {
    d.problem('PAGE_DATA_PFNS_SHORT', 0, 4, `PAGE_DATA count ${count} needs ${8 * count} bytes of PFNs; the body has ${bodyLength - 8} after its header`);
    return -1;
  }
  return count;
}

/** What restore checks PFN entries against (PV guests); null when only decoding. */
export interface PfnRules {
  /** PFNs must not exceed this (the P2M's max PFN; -1 before any X86_PV_P2M_FRAMES). */
  pfnLimit: number;
  /** P2M frame PFNs not yet sent with data; those seen are removed. */
  unsentFrames: { size: number; delete(pfn: number): boolean };
  /** PFNs last sent as top-level page tables (L4 for 4 levels, L3 for 3), for the vCPUs' cr3. */
  rootTables: Set<number>;
  /** The page-table levels (4 or 3), 0 while unknown. */
  levels: number;
}

/** What the PFN entries of one record add up to, and their problems, reported once per kind. */
export class PfnTally {
  entries = 0;
  pages = 0;
  minPfn = Infinity;
  maxPfn = -1;
  private readonly reserved = new ProblemTally();
  private readonly badType = new ProblemTally();
  private readonly range = new ProblemTally();
  /** The entries on their way to the sink, gathered into runs. */
  private readonly runs: PageRuns | null;

  constructor(
    private readonly pv: PfnRules | null,
    /** Where the guest memory model learns the entries; `at` is the file offset of the first page. */
    private readonly sink: { add: PageRunSink; at: number } | null = null,
  ) {
    this.runs = sink && new PageRuns(sink.add);
  }

  /** Adds the entries at [at, at + 8n) of the span; in tree mode, lists them as fields. */
  add(d: Dissection, at: number, firstIndex: number, n: number): void {
    for (let i = 0; i < n; i++) {
      const off = at + 8 * i;
      const lo = d.peekU32(off);
      const hi = d.peekU32(off + 4);
      const type = hi >>> 28;
      const pfn = (hi & 0xfffff) * 2 ** 32 + lo;
      const resv = (hi >>> 20) & 0xff;
      if (resv) this.reserved.note(d.base + off, `pfn[${firstIndex + i}] = ${hex(hi * 2 ** 32 + lo, 16)}`);
      if (pageTypeInvalid(type)) this.badType.note(d.base + off, `pfn[${firstIndex + i}] has type ${hex(type)}`);
      else if (pageTypeHasData(type)) {
        this.pages++;
        if (this.pv?.unsentFrames.size) this.pv.unsentFrames.delete(pfn);
      }
      if (this.sink && !pageTypeInvalid(type)) this.runs!.add(pfn, type, pageTypeHasData(type) ? this.sink.at + PAGE_SIZE * (this.pages - 1) : NO_COPY);
      if (this.pv) {
        if (pfn > this.pv.pfnLimit) this.range.note(d.base + off, `pfn[${firstIndex + i}] is ${hex(pfn)}`);
        if ((type & 7) === this.pv.levels && type <= 0xc) this.pv.rootTables.add(pfn);
        else if (this.pv.rootTables.size) this.pv.rootTables.delete(pfn);
      }
      if (pfn < this.minPfn) this.minPfn = pfn;
      if (pfn > this.maxPfn) this.maxPfn = pfn;
      if (d.tree && firstIndex + i < TREE_ARRAY_LIMIT) {
        d.group(`pfn[${firstIndex + i}]`, off, 8, `${hex(pfn)} ${PAGE_TYPE_NAMES[type] ?? `invalid type ${type}`}`, () => {
          d.field('pfn', off, 8, pfn, hex(pfn));
          d.pfn(pfn);
          d.field('type', off + 7, 1, type, named(PAGE_TYPE_NAMES, 'invalid')(type));
          if (resv) d.field('reserved bits 52-59', off + 6, 2, resv, hex(resv));
        });
      }
    }
    this.runs?.flush();
    this.entries += n;
  }

  /** Reports the problems found, each once with its first entry and a count. */
  report(diags: DiagnosticList | null, record: number): void {
    const maxPfn = this.pv?.pfnLimit ?? -1;
    this.reserved.report(diags, 'PAGE_DATA_PFN_RESERVED', 8, record, (detail, more) => `${detail}: reserved bits 52-59 are set${more}`);
    this.badType.report(diags, 'PAGE_DATA_BAD_TYPE', 8, record, (detail, more) => `${detail}, which is not a valid page type (5-8 are undefined)${more}`);
    this.range.report(diags, 'R_PAGE_DATA_PFN_RANGE', 8, record, (detail, more) => `${detail}, beyond the P2M size (max PFN ${maxPfn < 0 ? 'unknown: no X86_PV_P2M_FRAMES yet' : hex(maxPfn)}); restore refuses it${more}`);
  }
}

/** Length rule: 8 + 8·count + 4096·pages. Returns the expected length. */
export function checkPageDataLength(d: Dissection, bodyLength: number, count: number, pages: number): number {
  const want = 8 + 8 * count + PAGE_SIZE * pages;
  if (bodyLength !== want) {
    d.problem('PAGE_DATA_BAD_LENGTH', -4, 4, `PAGE_DATA with ${count} PFN(s) of which ${pages} carry data must be ${want} bytes; it is ${bodyLength}`);
  }
  return want;
}

/**
 * Field-tree entries for the page contents that follow the PFN array, by offset; the pages
 * themselves are not read. `d` spans the body up to the end of the PFN array.
 */
export function pageFields(d: Dissection, count: number, bodyLength: number): void {
  const entries = function* () {
    for (let i = 0; i < count; i++) {
      const lo = d.peekU32(8 + 8 * i);
      const hi = d.peekU32(12 + 8 * i);
      const type = hi >>> 28;
      if (pageTypeHasData(type) && !pageTypeInvalid(type)) yield { index: i, pfn: (hi & 0xfffff) * 2 ** 32 + lo, type };
    }
  };
  pageRunFields(d, 8 + 8 * count, bodyLength, entries());
}
