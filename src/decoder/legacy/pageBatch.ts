/**
 * Legacy page batches (spec: legacy-stream.md §3, §10): a positive chunk id N, N PFN entries of
 * the toolstack's word size (PFN in bits 0-27, type in bits 28-31), then a page for each entry
 * that carries data. The scan reads the id and the PFN array and skips the pages.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex, named } from '../dissect/show.ts';
import { ProblemTally } from '../dissect/tally.ts';
import { PAGE_TYPE_NAMES } from '../core/pageTypes.ts';
import { pageRunFields } from '../core/pageRun.ts';
import { PAGE_SIZE, TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import { NO_COPY, type PageModel } from '../core/pageSink.ts';
import { PageRuns } from '../core/pageRuns.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';
import { FILLER_ENTRY, LEGACY_MAX_BATCH, legacyPageHasData, legacyPageTypeInvalid } from './constants.ts';

export function dissectBatchId(d: Dissection, count: number): void {
  d.s32('chunk id', 0, () => `${count} (page batch of ${count} PFN entr${count === 1 ? 'y' : 'ies'})`);
  if (count > LEGACY_MAX_BATCH) {
    d.problem('LEGACY_BATCH_TOO_LARGE', 0, 4, `page batch of ${count} pages; at most ${LEGACY_MAX_BATCH} are allowed: the 4.5 restorer ("Max batch size exceeded") and convert-legacy-stream both refuse it`);
  }
}

interface Entry {
  lo: number;
  /** Bits 32-63 of a 64-bit entry (always 0 in a valid stream). */
  hi: number;
}

const pfnOf = (e: Entry) => e.lo & 0x0fffffff;
const typeOf = (e: Entry) => e.lo >>> 28;
const isFiller = (e: Entry) => e.hi === 0 && e.lo === FILLER_ENTRY;

function readEntry(d: Dissection, at: number, width: number): Entry {
  return { lo: d.peekU32(at), hi: width === 8 ? d.peekU32(at + 4) : 0 };
}

/** What the PFN entries of one batch add up to, and their problems, reported once per kind. */
export class LegacyPfnTally {
  entries = 0;
  /** Entries that carry a page of data. */
  pages = 0;
  fillers = 0;
  minPfn = Infinity;
  maxPfn = -1;
  private readonly badType = new ProblemTally();
  private readonly highBits = new ProblemTally();
  private readonly range = new ProblemTally();
  private readonly duplicate = new ProblemTally();
  /** Entry values seen in this batch: the converter refuses a repeat. Bounded by the batch size. */
  private readonly seen: Set<number | string> | null;
  /** The entries on their way to the sink, gathered into runs. */
  private readonly runs: PageRuns | null;

  constructor(
    /** File offset of the batch's chunk id. */
    private readonly at: number,
    private readonly width: 4 | 8,
    /** Guest PFNs; -1 when unknown. */
    private readonly p2mSize: number,
    count: number,
    /**
     * Where the guest memory model learns the entries; `at` is the file offset of the first
     * page, null when the pages come later compressed (format B).
     */
    private readonly sink: { model: PageModel; at: number | null } | null = null,
  ) {
    this.seen = count <= LEGACY_MAX_BATCH ? new Set() : null;
    this.runs = sink && new PageRuns(sink.model);
  }

  /** Adds the `n` entries at span offset `at`, the first being entry `firstIndex`; lists them in tree mode. */
  add(d: Dissection, at: number, firstIndex: number, n: number): void {
    const w = this.width;
    for (let i = 0; i < n; i++) {
      const off = at + w * i;
      const index = firstIndex + i;
      const e = readEntry(d, off, w);
      const pfn = pfnOf(e);
      const type = typeOf(e);
      const where = d.base + off;
      if (isFiller(e)) this.fillers++;
      else {
        if (legacyPageTypeInvalid(type)) this.badType.note(where, `pfn[${index}] (${hex(pfn)}) has type ${hex(type)}`);
        if (e.hi !== 0) this.highBits.note(where, `pfn[${index}] = ${hex(e.hi * 2 ** 32 + e.lo, 16)}`);
        if (type !== 0xf && this.p2mSize >= 0 && pfn >= this.p2mSize) this.range.note(where, `pfn[${index}] is ${hex(pfn)}`);
        if (this.seen) {
          const key = e.hi === 0 ? e.lo : `${e.hi}:${e.lo}`;
          if (this.seen.has(key)) this.duplicate.note(where, `pfn[${index}] (${hex(pfn)}, ${PAGE_TYPE_NAMES[type] ?? `type ${type}`})`);
          else this.seen.add(key);
        }
        if (pfn < this.minPfn) this.minPfn = pfn;
        if (pfn > this.maxPfn) this.maxPfn = pfn;
      }
      if (legacyPageHasData(type)) this.pages++;
      if (this.sink && !isFiller(e)) {
        const at = this.sink.at;
        this.runs!.add(pfn, type, !legacyPageHasData(type) ? NO_COPY : at === null ? null : at + PAGE_SIZE * (this.pages - 1));
      }
      if (d.tree && index < TREE_ARRAY_LIMIT) entryFields(d, off, index, e, w);
    }
    this.runs?.flush();
    this.entries += n;
  }

  report(diags: DiagnosticList | null, record: number): void {
    const w = this.width;
    const size = this.p2mSize;
    this.badType.report(diags, 'LEGACY_PAGE_TYPE', w, record, (detail, more) => `${detail}, an undefined page type: the 4.5 restorer refuses 5-7, and after conversion v2 restore refuses 5-8${more}`);
    this.highBits.report(diags, 'LEGACY_PFN_HIGH_BITS', w, record, (detail, more) => `${detail}: bits 32-63 of a page entry must be 0; the 4.5 restorer reads them as part of the PFN, convert-legacy-stream silently drops them${more}`);
    this.range.report(diags, 'LEGACY_PFN_RANGE', w, record, (detail, more) => `${detail}, not below p2m_size ${hex(size)}: the 4.5 restorer refuses it ("pfn out of range"); convert-legacy-stream lets it through${more}`);
    this.duplicate.report(diags, 'LEGACY_CONVERT_DUPLICATE_PFN', w, record, (detail, more) => `${detail} appears twice in this batch: the 4.5 restorer accepts it, but convert-legacy-stream stops ("Duplicate pfns in batch"), so restore on Xen ≥ 4.6 will fail${more}`);
    if (diags && this.entries > 0 && this.fillers === this.entries) {
      diags.add('LEGACY_CONVERT_FILLER_BATCH', this.at, 4 + w * this.entries, record, `all ${this.entries} entries of this batch are ${hex(FILLER_ENTRY)} fillers (pages the saver could not map): the 4.5 restorer ignores them, but convert-legacy-stream turns the batch into a PAGE_DATA record with no entries, which v2 restore refuses, so restore on Xen ≥ 4.6 will fail`);
    }
  }
}

function entryFields(d: Dissection, off: number, index: number, e: Entry, width: number): void {
  const pfn = pfnOf(e);
  const type = typeOf(e);
  const typeName = PAGE_TYPE_NAMES[type] ?? `invalid type ${type}`;
  d.group(`pfn[${index}]`, off, width, isFiller(e) ? 'filler: a page the saver could not map (ignored)' : `${hex(pfn)} ${typeName}`, () => {
    d.field('pfn', off, 4, pfn, hex(pfn));
    d.field('type', off + 3, 1, type, named(PAGE_TYPE_NAMES, 'invalid')(type));
    if (e.hi !== 0) d.field('bits 32-63 (must be 0)', off + 4, 4, e.hi, hex(e.hi));
  });
}

/**
 * Field-tree entries for the pages after the PFN array, by offset, without reading them. `d`
 * spans the chunk id and the PFN array; pages run from there to `end` (span offsets).
 */
export function batchPageFields(d: Dissection, count: number, width: number, end: number): void {
  const pages = function* () {
    for (let i = 0; i < count; i++) {
      const e = readEntry(d, 4 + width * i, width);
      if (legacyPageHasData(typeOf(e))) yield { index: i, pfn: pfnOf(e), type: typeOf(e) };
    }
  };
  pageRunFields(d, 4 + width * count, end, pages());
}
