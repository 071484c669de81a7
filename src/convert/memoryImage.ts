/**
 * The guest's memory as a run of checkpoints leaves it: for every PFN, the entry type and where
 * in the file its last copy is. A Remus stream resends dirty pages in each checkpoint, and the
 * receiver keeps the last copy, so a conversion to one plain stream writes only those.
 */
import { legacyPageHasData, LEGACY_MAX_BATCH, PAGE_SIZE } from '../decoder/legacy/constants.ts';
import { pageDataHead } from '../generator/bodies.ts';
import type { V2Output } from './v2Output.ts';
import { Rec } from '../decoder/libxc/constants.ts';

/** Offset marks: never sent, or sent with a type that carries no data. */
const UNSENT = -1;
const NO_DATA = -2;

export class MemoryImage {
  /** Offset of each PFN's last page copy in the source, or a mark. */
  private readonly at: Float64Array;
  private readonly types: Uint8Array;

  constructor(readonly p2mSize: number) {
    this.at = new Float64Array(p2mSize).fill(UNSENT);
    this.types = new Uint8Array(p2mSize);
  }

  /** A page entry seen in a batch; `pageAt` is where its data lies (ignored for no-data types). */
  set(pfn: number, type: number, pageAt: number): void {
    this.at[pfn] = legacyPageHasData(type) ? pageAt : NO_DATA;
    this.types[pfn] = type;
  }

  /** PAGE_DATA records of every PFN sent, in PFN order, up to 1024 entries each. */
  write(out: V2Output): void {
    let batch: number[] = [];
    const flush = () => {
      if (!batch.length) return;
      const entries = batch.map((pfn) => ({ pfn, type: this.types[pfn]! }));
      const pages = batch.filter((pfn) => this.at[pfn]! >= 0).map((pfn) => ({ offset: this.at[pfn]!, length: PAGE_SIZE }));
      out.record(Rec.PAGE_DATA, pageDataHead(entries), ...pages);
      batch = [];
    };
    for (let pfn = 0; pfn < this.p2mSize; pfn++) {
      if (this.at[pfn] === UNSENT) continue;
      batch.push(pfn);
      if (batch.length === LEGACY_MAX_BATCH) flush();
    }
    flush();
  }
}
