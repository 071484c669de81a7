/**
 * Which part of a PFN space a grid of cells shows, and how zoom and pan move it. PFNs run
 * row-major through the grid from `start`, `perCell` PFNs to a cell, each cell `cellPx` CSS
 * pixels square. Zoomed out, a cell is the smallest square that still shows and covers many
 * PFNs; zooming in halves the PFNs per cell down to one, then makes that one PFN's cell larger.
 */

export interface GridView {
  /** First PFN shown (top left). */
  start: number;
  perCell: number;
  cellPx: number;
}

/** Cell sizes in CSS pixels: the smallest (zoomed out) to the largest (one PFN, easy to point at). */
export const MIN_CELL_PX = 2;
export const MAX_CELL_PX = 16;

export interface GridSize {
  /** CSS pixels of the drawing area. */
  width: number;
  height: number;
}

export function columns(view: GridView, size: GridSize): number {
  return Math.max(1, Math.floor(size.width / view.cellPx));
}

export function rows(view: GridView, size: GridSize): number {
  return Math.max(1, Math.floor(size.height / view.cellPx));
}

/** PFNs [from, to) the view shows, cut into `cells` cells of a `cols`-wide grid. */
export function viewWindow(view: GridView, size: GridSize): { from: number; to: number; cells: number; cols: number } {
  const cols = columns(view, size);
  const cells = cols * rows(view, size);
  return { from: view.start, to: view.start + cells * view.perCell, cells, cols };
}

/** The whole space [0, extent): one PFN a cell in the largest cells that hold it, else the smallest cells. */
export function fitView(extent: number, size: GridSize): GridView {
  for (let cellPx = MAX_CELL_PX; cellPx > MIN_CELL_PX; cellPx /= 2) {
    const v = { start: 0, perCell: 1, cellPx };
    if (columns(v, size) * rows(v, size) >= extent) return v;
  }
  const base = { start: 0, perCell: 1, cellPx: MIN_CELL_PX };
  const cells = columns(base, size) * rows(base, size);
  return { ...base, perCell: Math.max(1, Math.ceil(extent / cells)) };
}

/** Whether the view shows all of [0, extent). */
function showsAll(view: GridView, extent: number, size: GridSize): boolean {
  return view.start === 0 && viewWindow(view, size).to >= extent;
}

/** Keeps the view in the space (its last row at the bottom at most), the start on a whole cell from 0. */
function clamp(view: GridView, extent: number, size: GridSize): GridView {
  const row = columns(view, size) * view.perCell;
  const last = Math.max(0, Math.ceil(extent / row) * row - rows(view, size) * row);
  const start = Math.min(last, Math.max(0, Math.round(view.start / view.perCell) * view.perCell));
  return { ...view, start };
}

/**
 * One zoom step in (`steps` > 0) or out, keeping the PFN under the point (x, y) (CSS pixels
 * in the drawing area) where it is. Zoomed out no further than the whole space fitted.
 */
export function zoomView(view: GridView, steps: number, at: { x: number; y: number }, extent: number, size: GridSize): GridView {
  let next = { ...view };
  // In: to the power of two below (5 → 4 → 2 → 1), then larger cells; out: doubling, up to the
  // fitted view's PFNs a cell, so that out undoes in.
  const fit = fitView(extent, size).perCell;
  for (let k = 0; k < Math.abs(steps); k++) {
    if (steps > 0) next = next.perCell > 1 ? { ...next, perCell: 2 ** Math.floor(Math.log2(next.perCell - 1)) } : { ...next, cellPx: Math.min(MAX_CELL_PX, next.cellPx * 2) };
    else if (showsAll(next, extent, size)) break;
    else next = next.cellPx > MIN_CELL_PX ? { ...next, cellPx: Math.max(MIN_CELL_PX, next.cellPx / 2) } : { ...next, perCell: Math.max(next.perCell, Math.min(fit, next.perCell * 2)) };
  }
  if (steps < 0 && showsAll({ ...next, start: 0 }, extent, size)) return fitView(extent, size);
  const under = pfnAt(view, at, size);
  const col = Math.floor(at.x / next.cellPx);
  const row = Math.floor(at.y / next.cellPx);
  next.start = under - (row * columns(next, size) + col) * next.perCell;
  return clamp(next, extent, size);
}

/** Moves the view by `cells` cells (a row is `columns` cells). */
export function panView(view: GridView, cells: number, extent: number, size: GridSize): GridView {
  return clamp({ ...view, start: view.start + cells * view.perCell }, extent, size);
}

/** The cell number under the point (x, y), or -1 outside the grid. */
export function cellAt(view: GridView, at: { x: number; y: number }, size: GridSize): number {
  const col = Math.floor(at.x / view.cellPx);
  const row = Math.floor(at.y / view.cellPx);
  if (col < 0 || row < 0 || col >= columns(view, size) || row >= rows(view, size)) return -1;
  return row * columns(view, size) + col;
}

/** The first PFN of the cell under (x, y). */
export function pfnAt(view: GridView, at: { x: number; y: number }, size: GridSize): number {
  const cell = Math.max(0, cellAt(view, { x: Math.min(at.x, size.width - 1), y: Math.min(at.y, size.height - 1) }, size));
  return view.start + cell * view.perCell;
}
