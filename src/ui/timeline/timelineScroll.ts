/**
 * The timeline is a react-window List, which lays rows out at index × rowHeight inside its own
 * scrolling element. Past the browser's height clamp that cannot reach every row, so the List
 * is given at most `localRows` rows (they fit under the cap) and each local row shows the
 * global row `local + base`, with `base` taken from the shared scroll mapping: the scrollbar's
 * fraction is the fraction of the records. Below the cap `base` is always 0 and this is plain
 * react-window.
 */
import { MAX_SCROLL_PX, scrollMapping, type ScrollMapping } from '../scroll/scrollMapping.ts';

export interface TimelineScroll {
  readonly mapping: ScrollMapping;
  /** Rows given to react-window. */
  readonly localRows: number;
  /** Global row shown by local row 0 at this scrollTop. */
  baseAt(scrollTop: number): number;
  /** An integer scrollTop that shows `row` fully, moving as little as possible. */
  scrollTopToReveal(scrollTop: number, row: number): number;
}

export function timelineScroll(rows: number, rowHeight: number, viewportPx: number, maxPx = MAX_SCROLL_PX): TimelineScroll {
  const localRows = Math.min(rows, Math.floor(maxPx / rowHeight));
  const mapping = scrollMapping(rows, rowHeight, viewportPx, localRows * rowHeight);
  const maxBase = rows - localRows;
  const baseAt = (scrollTop: number) => {
    if (maxBase === 0) return 0;
    const base = Math.round(mapping.topRowAt(scrollTop) - scrollTop / rowHeight);
    return Math.min(maxBase, Math.max(0, base));
  };
  /** Whether `row` is fully inside the viewport at `scrollTop`. */
  const shows = (scrollTop: number, row: number) => {
    const y = (row - baseAt(scrollTop)) * rowHeight - scrollTop;
    return y >= -0.5 && y + rowHeight <= viewportPx + 0.5;
  };
  const travel = mapping.travelPx;
  const clampScroll = (s: number) => Math.min(travel, Math.max(0, s));
  return {
    mapping,
    localRows,
    baseAt,
    scrollTopToReveal(scrollTop, row) {
      if (shows(scrollTop, row)) return scrollTop;
      const fullRows = Math.max(1, Math.floor(viewportPx / rowHeight));
      const rowTop = (row - baseAt(scrollTop)) * rowHeight - scrollTop;
      const wantTop = rowTop < 0 ? row : row - fullRows + 1;
      const guess = mapping.scrollTopFor(wantTop);
      // Scaled, rows move by `scale` px per scrollbar pixel and jump by a row where the base
      // steps; search the pixels around the guess for one that shows the row whole, nearest first.
      const reach = rowHeight + Math.ceil(mapping.scale) + 2;
      for (let d = 0; d <= reach; d++) {
        for (const s of [Math.round(guess) - d, Math.round(guess) + d]) {
          const c = clampScroll(s);
          if (shows(c, row)) return c;
        }
      }
      return clampScroll(Math.round(guess));
    },
  };
}
