/**
 * The hex view's bytes: fixed-size pages fetched through the worker on demand and kept in a
 * small LRU, as vscode-hexeditor does. A view of the screen usually straddles two pages; every
 * byte is looked up by its own page and position, never by an offset into a neighbour (the
 * page-boundary mistake of vscode-hexeditor #358).
 */

export const PAGE_SIZE = 4096;

/** Marks a byte whose page has not arrived (or failed) in `view`. */
export const UNKNOWN = -1;

export type PageFetch = (offset: number, length: number) => Promise<Uint8Array>;

export class PageCache {
  private readonly pages = new Map<number, Uint8Array>();
  private readonly pending = new Map<number, Promise<Uint8Array>>();

  constructor(
    readonly size: number,
    private readonly fetch: PageFetch,
    /** Called when a page arrives, so the view can draw it. */
    private readonly onLoad: () => void = () => {},
    private readonly maxPages = 64,
  ) {}

  /** Bytes [offset, offset + length) within the file, UNKNOWN where not loaded yet. */
  view(offset: number, length: number): Int16Array {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, offset + length);
    const out = new Int16Array(Math.max(0, end - start)).fill(UNKNOWN);
    for (let p = Math.floor(start / PAGE_SIZE); p * PAGE_SIZE < end; p++) {
      const page = this.touch(p);
      if (!page) continue;
      const pageStart = p * PAGE_SIZE;
      const from = Math.max(start, pageStart);
      const to = Math.min(end, pageStart + page.length);
      for (let o = from; o < to; o++) out[o - start] = page[o - pageStart]!;
    }
    return out;
  }

  /** Starts fetching the pages of a range that are neither cached nor on their way. */
  ensure(offset: number, length: number): void {
    const end = Math.min(this.size, offset + length);
    for (let p = Math.floor(Math.max(0, offset) / PAGE_SIZE); p * PAGE_SIZE < end; p++) {
      // A failed page shows as unknown and is asked for again on the next draw.
      this.load(p).catch(() => {});
    }
  }

  /** Bytes [offset, offset + length) within the file, fetching what is missing. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, offset);
    const end = Math.min(this.size, offset + length);
    const out = new Uint8Array(Math.max(0, end - start));
    for (let p = Math.floor(start / PAGE_SIZE); p * PAGE_SIZE < end; p++) {
      const page = await this.load(p);
      const pageStart = p * PAGE_SIZE;
      const from = Math.max(start, pageStart);
      const to = Math.min(end, pageStart + page.length);
      out.set(page.subarray(from - pageStart, to - pageStart), from - start);
    }
    return out;
  }

  get cachedPages(): number {
    return this.pages.size;
  }

  private touch(p: number): Uint8Array | undefined {
    const page = this.pages.get(p);
    if (page) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recent.
      this.pages.delete(p);
      this.pages.set(p, page);
    }
    return page;
  }

  private load(p: number): Promise<Uint8Array> {
    const cached = this.touch(p);
    if (cached) return Promise.resolve(cached);
    const inFlight = this.pending.get(p);
    if (inFlight) return inFlight;
    const start = p * PAGE_SIZE;
    const promise = this.fetch(start, Math.min(PAGE_SIZE, this.size - start)).then(
      (bytes) => {
        this.pending.delete(p);
        this.pages.set(p, bytes);
        while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value!);
        this.onLoad();
        return bytes;
      },
      (e: unknown) => {
        this.pending.delete(p);
        throw e;
      },
    );
    this.pending.set(p, promise);
    return promise;
  }
}
