/**
 * The hex view's position is a whole row number held in state (a file of 100 GiB has 6.7e9
 * rows: far more than scrollbar pixels), as in vscode-hexeditor and Hex Fiend. The scrollbar
 * shows that row through the shared scroll mapping and sets it when dragged; the wheel and keys
 * move it by rows, so every row is reachable whatever the scale.
 */
import type { ScrollMapping } from './scrollMapping.ts';

export const BYTES_PER_ROW = 16;

export function rowCount(fileSize: number): number {
  return Math.ceil(fileSize / BYTES_PER_ROW);
}

/** Highest whole top row: the one that shows the last row fully. */
export function lastTopRow(m: ScrollMapping): number {
  return Math.max(0, m.rows - Math.max(1, Math.floor(m.visibleRows)));
}

export function clampTopRow(m: ScrollMapping, row: number): number {
  return Math.min(lastTopRow(m), Math.max(0, Math.round(row)));
}

/** The whole top row a scrollbar position means; the end of travel always means the last. */
export function topRowAtScroll(m: ScrollMapping, scrollTop: number): number {
  if (scrollTop >= m.travelPx - 0.5) return lastTopRow(m);
  return clampTopRow(m, m.topRowAt(scrollTop));
}

/** The scrollbar position to show for a top row. */
export function scrollForTopRow(m: ScrollMapping, topRow: number): number {
  if (topRow >= lastTopRow(m)) return m.travelPx;
  return Math.round(m.scrollTopFor(topRow));
}

/**
 * The top row that brings `row` into view. Rows already fully visible stay put; otherwise the
 * row lands a third of the way down, so what led to it stays in sight.
 */
export function topRowToShow(m: ScrollMapping, topRow: number, row: number): number {
  const full = Math.max(1, Math.floor(m.visibleRows));
  if (row >= topRow && row < topRow + full) return topRow;
  return clampTopRow(m, row - Math.floor(full / 3));
}
