/**
 * A PFN space drawn as a grid of cells, each coloured by its class from a palette the caller
 * gives (with the legend), so that the guest memory map and a comparison of two images draw
 * the same way. The grid owns the view: wheel, + and − keys and buttons zoom (down to one PFN a
 * cell), drag, PgUp/PgDn and the arrow keys pan (the arrows move a cursor cell, and the view
 * follows it past its edges), Home/End go to the ends, Enter picks the cursor's cell, a click picks the cell under the pointer. The caller is told
 * which window of PFNs to fetch cells for (`onWindow`) and gives them back in `cells`.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import { useColourScheme } from '../layout/useColourScheme.ts';
import { useElementSize } from '../layout/useElementSize.ts';
import { cellAt, fitView, panView, rows, viewWindow, zoomView, type GridView } from './gridView.ts';
import './memoryMap.css';

export interface PaletteEntry {
  label: string;
  /** A CSS colour in hex (#rgb or #rrggbb) or var(--name) naming one, so that themes can change it. */
  colour: string;
}

/** What the caller fetched for a window: a class (index into the palette) per cell. */
export interface GridCells {
  from: number;
  to: number;
  classes: Uint8Array;
  /** Cells drawn faint (1), e.g. those the last round did not send. */
  dim?: Uint8Array | null;
}

export interface PfnWindow {
  from: number;
  to: number;
  cells: number;
}

export interface PfnGridProps {
  /** The canvas's accessible name ("Guest memory map"). */
  label: string;
  palette: readonly PaletteEntry[];
  /** PFNs [0, extent) make up the space. */
  extent: number;
  cells: GridCells | null;
  onWindow(window: PfnWindow): void;
  /** One line about a cell of `cells` (hover, the keyboard cursor). */
  describe(cell: number): string;
  /** Told which cell the line is about whenever it changes, for a caller that fetches more about it. */
  onShown?(cell: number): void;
  onPick(cell: number): void;
  /** More legend items (what dimmed cells mean). */
  legendExtra?: ReactNode;
}

const DIM_ALPHA = 70;

/** A palette colour as RGB, read from the theme when it names a CSS variable. */
function rgb(colour: string, el: Element): [number, number, number] {
  const name = /^var\((--[\w-]+)\)$/.exec(colour)?.[1];
  let c = name ? getComputedStyle(el).getPropertyValue(name).trim() : colour;
  if (/^#[0-9a-f]{3}$/i.test(c)) c = '#' + [...c.slice(1)].map((d) => d + d).join('');
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : [128, 128, 128];
}

export function PfnGrid({ label, palette, extent, cells, onWindow, describe, onShown, onPick, legendExtra }: PfnGridProps) {
  const [boxRef, size] = useElementSize<HTMLDivElement>({ width: 640, height: 200 });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** Where the user zoomed or panned to; until then (and after Fit) the whole space, refitted as it grows. */
  const [chosen, setChosen] = useState<GridView | null>(null);
  const view = chosen ?? fitView(extent, size);
  const scheme = useColourScheme();
  const [cursor, setCursor] = useState(0);
  const [hover, setHover] = useState(-1);
  const [focused, setFocused] = useState(false);
  const drag = useRef<{ x: number; y: number; start: number; panned: boolean } | null>(null);
  const win = viewWindow(view, size);
  const cols = win.cols;

  useEffect(() => {
    onWindow({ from: win.from, to: win.to, cells: win.cells });
  }, [win.from, win.to, win.cells, onWindow]);

  const current = cells && cells.from === win.from && cells.to === win.to && cells.classes.length === win.cells ? cells : null;

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    // Until the cells for a new window arrive, the last picture stays (no blank flash at each zoom).
    if (!canvas || !ctx || !current) return;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * dpr);
    canvas.height = Math.round(size.height * dpr);
    const n = current.classes.length;
    const gridRows = Math.ceil(n / cols);
    // One pixel per cell, then scaled up without smoothing: any zoom costs one pass over the cells.
    const image = new ImageData(cols, gridRows);
    const colours = palette.map((p) => rgb(p.colour, canvas));
    const data = image.data;
    // Cells past the end of the space stay empty, so the map shows where the guest's PFNs end.
    const inSpace = Math.min(n, Math.ceil((extent - current.from) / ((current.to - current.from) / n)));
    for (let k = 0; k < inSpace; k++) {
      const c = colours[current.classes[k]!] ?? [128, 128, 128];
      data[4 * k] = c[0];
      data[4 * k + 1] = c[1];
      data[4 * k + 2] = c[2];
      data[4 * k + 3] = current.dim?.[k] ? DIM_ALPHA : 255;
    }
    const cellImage = document.createElement('canvas');
    cellImage.width = cols;
    cellImage.height = gridRows;
    cellImage.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const px = view.cellPx * dpr;
    ctx.drawImage(cellImage, 0, 0, cols * px, gridRows * px);
    const outline = (cell: number, style: string) => {
      if (cell < 0 || cell >= n) return;
      ctx.strokeStyle = style;
      ctx.lineWidth = Math.max(1, dpr);
      ctx.strokeRect((cell % cols) * px - 1, Math.floor(cell / cols) * px - 1, px + 2, px + 2);
    };
    const text = rgb('var(--text)', canvas);
    outline(hover, `rgb(${text.join(',')})`);
    if (focused) outline(cursor, `rgb(${rgb('var(--focus)', canvas).join(',')})`);
  }, [current, extent, palette, size, view.cellPx, cols, hover, cursor, focused, scheme]);

  const move = (next: GridView) => setChosen(next);
  const zoom = (steps: number, at = { x: size.width / 2, y: size.height / 2 }) => move(zoomView(view, steps, at, extent, size));
  const point = (e: { clientX: number; clientY: number }) => {
    const r = canvasRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  // React's wheel listener is passive; the page must not scroll while the map zooms.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.deltaY !== 0) zoom(e.deltaY < 0 ? 1 : -1, point(e));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  });

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    canvasRef.current!.setPointerCapture?.(e.pointerId);
    drag.current = { ...point(e), start: view.start, panned: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const at = point(e);
    const d = drag.current;
    if (d && e.buttons === 1) {
      const dCells = Math.round((d.y - at.y) / view.cellPx) * cols + Math.round((d.x - at.x) / view.cellPx);
      if (dCells !== 0 || d.panned) {
        d.panned = true;
        move(panView({ ...view, start: d.start }, dCells, extent, size));
      }
      return;
    }
    setHover(cellAt(view, at, size));
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.panned) {
      const cell = cellAt(view, point(e), size);
      if (cell >= 0) {
        setCursor(cell);
        onPick(cell);
      }
    }
  };

  const onKey = (e: KeyboardEvent) => {
    const page = cols * rows(view, size);
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -cols, ArrowDown: cols };
    if (e.key === '+' || e.key === '=') zoom(1);
    else if (e.key === '-' || e.key === '_') zoom(-1);
    else if (e.key === 'PageUp' || e.key === 'PageDown') move(panView(view, e.key === 'PageUp' ? -page : page, extent, size));
    else if (e.key === 'Home') {
      move(panView(view, -Infinity, extent, size));
      setCursor(0);
    } else if (e.key === 'End') {
      const end = panView(view, Infinity, extent, size);
      move(end);
      setCursor(Math.min(page - 1, Math.max(0, Math.ceil((extent - end.start) / end.perCell) - 1)));
    } else if (e.key === 'Enter' || e.key === ' ') onPick(cursor);
    else if (step[e.key] !== undefined) {
      // The cursor moves; past the top or bottom row the view moves a row under it instead.
      const to = cursor + step[e.key]!;
      if (to >= 0 && to < page) setCursor(to);
      else {
        const next = panView(view, to < 0 ? -cols : cols, extent, size);
        if (next.start !== view.start) {
          move(next);
          setCursor(to < 0 ? to + cols : to - cols);
        }
      }
    } else return;
    e.preventDefault();
  };

  const shown = hover >= 0 ? hover : cursor;
  useEffect(() => {
    if (current) onShown?.(shown);
  }, [current, shown, onShown]);
  const line = current ? describe(shown) : 'Loading…';
  const last = Math.min(extent, win.to) - 1;
  return (
    <div className="pfn-grid">
      <div className="pfn-grid-bar">
        <button type="button" aria-label="Zoom in" onClick={() => zoom(1)}>
          +
        </button>
        <button type="button" aria-label="Zoom out" onClick={() => zoom(-1)}>
          −
        </button>
        <button
          type="button"
          onClick={() => setChosen(null)}
        >
          Fit
        </button>
        <span className="pfn-grid-view" data-testid="pfn-grid-view">
          {extent > 0 ? `PFNs ${hex(win.from)}–${hex(Math.max(win.from, last))} of ${hex(extent)}, ${view.perCell === 1 ? 'one PFN' : `${view.perCell} PFNs`} a cell` : 'No PFNs sent yet'}
        </span>
        <span className="pfn-grid-hover" role="status" aria-live="polite">
          {line}
        </span>
      </div>
      <div ref={boxRef} className="pfn-grid-canvas">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={label}
          aria-roledescription="zoomable map"
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(-1)}
          onKeyDown={onKey}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
      </div>
      <ul className="map-legend pfn-grid-legend" aria-label={`${label} legend`}>
        {palette.map((p) => (
          <li key={p.label}>
            <span className="swatch" aria-hidden="true" style={{ background: p.colour }} />
            {p.label}
          </li>
        ))}
        {legendExtra}
      </ul>
    </div>
  );
}
