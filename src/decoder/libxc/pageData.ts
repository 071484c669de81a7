/**
 * PAGE_DATA (spec: libxc-stream.md §6.2): the one record kind that holds the bulk of a file.
 * The scan reads its 8-byte header and PFN array, in chunks when the array is large, and skips
 * the page contents; the field tree lists entries and pages by offset without reading pages.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex, named } from '../dissect/show.ts';
import { ProblemTally } from '../dissect/tally.ts';
import { u32le } from '../core/framing.ts';
import { NO_COPY, type PageModel } from '../core/pageSink.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';
import { PAGE_TYPE_NAMES, pageTypeHasData, pageTypeInvalid } from '../core/pageTypes.ts';
import { pageRunFields } from '../core/pageRun.ts';
import { PAGE_SIZE } from '../core/sizes.ts';

export const PFN_ENTRY_SIZE = 8;

/**
 * The PFN count of a body of `bodyLength` bytes whose header is at `at` of `b`, when the header
 * is sound (dissectPageDataHeader would report nothing); else -1, and that reports why. The
 * scan's hot path reads most headers so, without a Dissection.
 */
export function soundPageDataCount(b: Uint8Array, at: number, bodyLength: number): number {
  if (bodyLength <= 8) return -1;
  const count = u32le(b, at);
  return count !== 0 && u32le(b, at + 4) === 0 && bodyLength - 8 >= 8 * count ? count : -1;
}

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

/**
 * What the PFN entries of one record add up to, and their problems, reported once per kind. A
 * scanner keeps one tally for all its records and `start`s it afresh for each: a dense stream
 * of one-entry records then allocates nothing per record here (a problem's tally is made at its
 * first occurrence, and most records have none).
 */
export class PfnTally {
  entries = 0;
  pages = 0;
  minPfn = Infinity;
  maxPfn = -1;
  private reserved: ProblemTally | null = null;
  private badType: ProblemTally | null = null;
  private range: ProblemTally | null = null;
  private pv: PfnRules | null = null;
  /** File offset of the record's first page. */
  private pagesAt = 0;
  /** A view of the bytes entries were read from last: a dense stream's records share the reader's window. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  /** `sink`: where the guest memory model learns the entries, a run at a time. */
  constructor(private readonly sink: PageModel | null = null) {}

  /** Clears the tally for a record whose pages start at file offset `pagesAt`. */
  start(pv: PfnRules | null, pagesAt: number): this {
    this.entries = 0;
    this.pages = 0;
    this.minPfn = Infinity;
    this.maxPfn = -1;
    this.reserved = this.badType = this.range = null;
    this.pv = pv;
    this.pagesAt = pagesAt;
    return this;
  }

  /**
   * Adds the `n` entries at [at, at + 8n) of `bytes` (whose byte 0 is at file offset `base`),
   * the first being entry `firstIndex`.
   */
  add(bytes: Uint8Array, base: number, at: number, firstIndex: number, n: number): void {
    const pv = this.pv;
    const sink = this.sink;
    let pages = this.pages;
    let minPfn = this.minPfn;
    let maxPfn = this.maxPfn;
    // The run being gathered for the sink: consecutive PFNs of one type. Within a record, entries
    // of one type either all carry data, their pages back to back, or none do, so PFN and type
    // decide whether an entry joins the run.
    let runPfn = 0;
    let runCount = 0;
    let runType = 0;
    let runAt = NO_COPY;
    if (bytes !== this.viewOf) {
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.viewOf = bytes;
    }
    const view = this.view;
    for (let i = 0; i < n; i++) {
      const off = at + 8 * i;
      const lo = view.getUint32(off, true);
      const hi = view.getUint32(off + 4, true);
      const type = hi >>> 28;
      const pfn = (hi & 0xfffff) * 2 ** 32 + lo;
      if (hi & 0x0ff00000) (this.reserved ??= new ProblemTally()).note(base + off, `pfn[${firstIndex + i}] = ${hex(hi * 2 ** 32 + lo, 16)}`);
      if (pageTypeInvalid(type)) (this.badType ??= new ProblemTally()).note(base + off, `pfn[${firstIndex + i}] has type ${hex(type)}`);
      else {
        const data = pageTypeHasData(type);
        if (data) {
          pages++;
          if (pv?.unsentFrames.size) pv.unsentFrames.delete(pfn);
        }
        if (sink) {
          if (runCount > 0 && pfn === runPfn + runCount && type === runType) runCount++;
          else {
            if (runCount > 0) sink.addRun(runPfn, runCount, runType, runAt);
            runPfn = pfn;
            runCount = 1;
            runType = type;
            runAt = data ? this.pagesAt + PAGE_SIZE * (pages - 1) : NO_COPY;
          }
        }
      }
      if (pv) {
        if (pfn > pv.pfnLimit) (this.range ??= new ProblemTally()).note(base + off, `pfn[${firstIndex + i}] is ${hex(pfn)}`);
        if ((type & 7) === pv.levels && type <= 0xc) pv.rootTables.add(pfn);
        else if (pv.rootTables.size) pv.rootTables.delete(pfn);
      } else if ((hi & 0x0ff00000) === 0 && !pageTypeInvalid(type)) {
        // The entries after it that name the next PFNs with the same type (same upper word, low
        // word one more each) add up in one go: they continue its run, carry data as it does
        // and raise the max. A guest's memory is sent so: 16M PFNs of a 64 GiB guest cost the
        // scan 92 ms one by one, a third of the scan.
        let j = i + 1;
        while (j < n && view.getUint32(at + 8 * j + 4, true) === hi && view.getUint32(at + 8 * j, true) === lo + (j - i)) j++;
        const more = j - i - 1;
        if (more > 0) {
          if (pageTypeHasData(type)) pages += more;
          if (sink) runCount += more;
          if (pfn + more > maxPfn) maxPfn = pfn + more;
          i = j - 1;
        }
      }
      if (pfn < minPfn) minPfn = pfn;
      if (pfn > maxPfn) maxPfn = pfn;
    }
    if (runCount > 0) sink!.addRun(runPfn, runCount, runType, runAt);
    this.pages = pages;
    this.minPfn = minPfn;
    this.maxPfn = maxPfn;
    this.entries += n;
  }

  /** Reports the problems found, each once with its first entry and a count. */
  report(diags: DiagnosticList | null, record: number): void {
    const maxPfn = this.pv?.pfnLimit ?? -1;
    this.reserved?.report(diags, 'PAGE_DATA_PFN_RESERVED', 8, record, (detail, more) => `${detail}: reserved bits 52-59 are set${more}`);
    this.badType?.report(diags, 'PAGE_DATA_BAD_TYPE', 8, record, (detail, more) => `${detail}, which is not a valid page type (5-8 are undefined)${more}`);
    this.range?.report(diags, 'R_PAGE_DATA_PFN_RANGE', 8, record, (detail, more) => `${detail}, beyond the P2M size (max PFN ${maxPfn < 0 ? 'unknown: no X86_PV_P2M_FRAMES yet' : hex(maxPfn)}); restore refuses it${more}`);
  }
}

/** Field-tree entries for the `n` PFN entries at span offset `at`, the first being entry `firstIndex`. */
export function pfnEntryFields(d: Dissection, at: number, firstIndex: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const off = at + 8 * i;
    const lo = d.peekU32(off);
    const hi = d.peekU32(off + 4);
    const type = hi >>> 28;
    const pfn = (hi & 0xfffff) * 2 ** 32 + lo;
    const resv = (hi >>> 20) & 0xff;
    d.group(`pfn[${firstIndex + i}]`, off, 8, `${hex(pfn)} ${PAGE_TYPE_NAMES[type] ?? `invalid type ${type}`}`, () => {
      d.field('pfn', off, 8, pfn, hex(pfn));
      d.pfn(pfn);
      d.field('type', off + 7, 1, type, named(PAGE_TYPE_NAMES, 'invalid')(type));
      if (resv) d.field('reserved bits 52-59', off + 6, 2, resv, hex(resv));
    });
  }
}

/** Length rule: 8 + 8·count + 4096·pages, for the body at file offset `bodyAt` of record `record`. */
export function checkPageDataLength(diags: DiagnosticList, record: number, bodyAt: number, bodyLength: number, count: number, pages: number): void {
  const want = 8 + 8 * count + PAGE_SIZE * pages;
  if (bodyLength !== want) {
    diags.add('PAGE_DATA_BAD_LENGTH', bodyAt - 4, 4, record, `PAGE_DATA with ${count} PFN(s) of which ${pages} carry data must be ${want} bytes; it is ${bodyLength}`);
  }
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
