/**
 * Scroll mapping between a native scrollbar and a list of fixed-height rows that may be far
 * taller than any element a browser will lay out (Chrome clamps heights at 33,554,428 px,
 * Firefox near 17.9M). Below the cap the mapping is the identity (row = scrollTop / rowHeight);
 * above it the spacer is capped and scrollbar travel is stretched over the rows, as Hex Fiend's
 * scroller does, so the thumb's fraction is the fraction of the rows. Pure numbers, no DOM: the
 * record timeline and the hex view share it.
 */

/** Spacer heights stay below every engine's clamp, with room to spare. */
export const MAX_SCROLL_PX = 16_000_000;

export interface ScrollMapping {
  readonly rows: number;
  readonly rowHeight: number;
  readonly viewportPx: number;
  /** Height to give the scrolling spacer. */
  readonly spacerPx: number;
  /** How far the scrollbar can move: spacer minus viewport. */
  readonly travelPx: number;
  /** Content pixels per scrollbar pixel: 1 when linear. */
  readonly scale: number;
  /** Rows that fit in the viewport (fractional). */
  readonly visibleRows: number;
  /** Highest top row: the last row sits at the bottom edge (fractional). */
  readonly maxTopRow: number;
  /** The (fractional) row at the top of the viewport for a scrollTop. */
  topRowAt(scrollTop: number): number;
  /** The scrollTop that puts `topRow` at the top (fractional; callers round as they need). */
  scrollTopFor(topRow: number): number;
}

export function scrollMapping(rows: number, rowHeight: number, viewportPx: number, maxPx = MAX_SCROLL_PX): ScrollMapping {
  const contentPx = rows * rowHeight;
  const spacerPx = Math.min(contentPx, maxPx);
  const visibleRows = viewportPx / rowHeight;
  const maxTopRow = Math.max(0, rows - visibleRows);
  // Travel is what the scrollbar can move; both ends map to both ends, so the first and the
  // last row are always reachable whatever the scale.
  const travel = Math.max(0, spacerPx - viewportPx);
  const virtualTravel = Math.max(0, contentPx - viewportPx);
  const scale = travel > 0 ? virtualTravel / travel : 1;
  const clamp = (r: number) => Math.min(maxTopRow, Math.max(0, r));
  return {
    rows,
    rowHeight,
    viewportPx,
    spacerPx,
    travelPx: travel,
    scale,
    visibleRows,
    maxTopRow,
    topRowAt: (scrollTop) => clamp((Math.min(travel, Math.max(0, scrollTop)) * scale) / rowHeight),
    scrollTopFor: (topRow) => (clamp(topRow) * rowHeight) / scale,
  };
}
