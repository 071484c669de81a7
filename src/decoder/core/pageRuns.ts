/**
 * PFN entries gathered into runs on their way to the guest memory model. The scan reads a page
 * record's entries one by one; consecutive PFNs of one type whose pages lie back to back reach
 * the model as one call, which it keeps as one run.
 */
import { PAGE_SIZE } from './sizes.ts';
import { NO_COPY, type PageModel, type PageSink } from './pageSink.ts';

export class PageRuns {
  private pfn = -1;
  private count = 0;
  private type = 0;
  /** The run's first copy, as a PageSink's offset: NO_COPY, null (elsewhere), or where it lies. */
  private offset: number | null = NO_COPY;

  constructor(private readonly model: PageModel) {}

  /** One entry, as a PageSink takes it: joins the run being gathered or hands that on and starts another. */
  add(pfn: number, type: number, offset: number | null): void {
    const n = this.count;
    const o = this.offset;
    if (n > 0 && pfn === this.pfn + n && type === this.type && (offset === null || offset < 0 ? o === offset : o !== null && o >= 0 && offset === o + n * PAGE_SIZE)) {
      this.count = n + 1;
      return;
    }
    this.flush();
    this.pfn = pfn;
    this.count = 1;
    this.type = type;
    this.offset = offset;
  }

  /** Hands the run being gathered on: call it when the entries read so far are done. */
  flush(): void {
    if (this.count > 0) this.model.addRun(this.pfn, this.count, this.type, this.offset);
    this.count = 0;
  }
}

/** A model handing each PFN of a run to a PageSink, for callers that want every entry. */
export function eachEntry(add: PageSink): PageModel {
  return {
    addRun(pfn, count, type, offset) {
      for (let k = 0; k < count; k++) add(pfn + k, type, offset === null || offset < 0 ? offset : offset + k * PAGE_SIZE);
    },
  };
}
