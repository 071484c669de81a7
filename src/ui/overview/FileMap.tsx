/**
 * The file map: a strip showing the whole file by byte offset, one bin per device pixel, in the
 * timeline's colours, with lines where the stream changes layer (xl, libxl, libxc), problems as
 * ticks above it, rounds and checkpoints as bands below it, the selected record marked, and
 * where the timeline and the hex view are as windows over it. Click (or drag) to go there: the
 * hex view shows the byte and the timeline the record holding it; with the strip focused, ← →
 * move by a pixel's worth of bytes (PgUp/PgDn by a tenth of the file), Home/End to the ends.
 */
import { useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { NO_CLASS } from '../../decoder/overview/fileMap.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { useColourScheme } from '../layout/useColourScheme.ts';
import { useElementSize } from '../layout/useElementSize.ts';
import { RECORD_CATEGORIES } from '../../decoder/core/RecordKind.ts';
import { BYTES_PER_ROW } from '../scroll/hexScroll.ts';
import type { ByteRange } from '../state/ByteRange.ts';
import { StatisticsPanel } from './StatisticsPanel.tsx';
import { useAnalysis } from './useAnalysis.ts';
import './overview.css';

const HEIGHT = 28;
const TICKS = 6;
const BANDS = 5;

/** Colours of the categories and of problems, from the theme's CSS variables. */
function themeColours(el: Element): { categories: string[]; error: string; warning: string; band: [string, string]; selection: string; edge: string } {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    categories: RECORD_CATEGORIES.map((c) => v(`--cat-${c}`, '#888')),
    error: v('--error', '#d00'),
    warning: v('--warning', '#c80'),
    band: [v('--text', '#000'), v('--faint', '#888')],
    selection: v('--text', '#000'),
    edge: v('--text', '#000'),
  };
}

/** The legend's items, [class, label]: the record categories, then what is drawn over them. */
const LEGEND: [string, string][] = [
  ...RECORD_CATEGORIES.map((cat): [string, string] => [`cat-${cat}`, cat]),
  ['legend-layer', 'layer boundary'],
  ['legend-timeline', 'timeline'],
  ['legend-hex', 'hex view'],
  ['legend-problem', 'problem'],
  ['legend-round', 'rounds'],
];

/** Where a window of the file sits over the strip, as a share of its width. */
function windowStyle(range: ByteRange, size: number): CSSProperties {
  const from = Math.min(1, Math.max(0, range.offset / size));
  const to = Math.min(1, Math.max(from, (range.offset + range.length) / size));
  return { left: `${from * 100}%`, width: `${(to - from) * 100}%` };
}

export function FileMap() {
  const controller = useController();
  const index = useExplorer((s) => s.index);
  const count = useExplorer((s) => s.index.count);
  const size = useExplorer((s) => s.file?.size ?? 0);
  const selection = useExplorer((s) => s.selection);
  const timelineBytes = useExplorer((s) => s.timelineBytes);
  const hexTop = useExplorer((s) => s.hexTopRow * BYTES_PER_ROW);
  const hexRows = useExplorer((s) => Math.ceil(s.hexVisibleRows));
  const [boxRef, box] = useElementSize<HTMLDivElement>({ width: 800, height: HEIGHT });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const bins = Math.max(1, Math.round(box.width * dpr));
  // The worker bins the whole file, one bin per device pixel.
  const args = useMemo(() => (size > 0 ? { from: 0, to: size, bins } : null), [size, bins]);
  const map = useAnalysis('fileMapBins', args);
  const scheme = useColourScheme();
  // Reading the theme forces a style pass over the page: once per theme, not at each redraw while a scan runs.
  const colours = useRef<{ scheme: 'dark' | 'light'; c: ReturnType<typeof themeColours> } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !map) return;
    const { kinds, edges, problems, bands } = map;
    canvas.width = kinds.length;
    canvas.height = HEIGHT * dpr;
    if (colours.current?.scheme !== scheme) colours.current = { scheme, c: themeColours(canvas) };
    const c = colours.current.c;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const body = (HEIGHT - TICKS - BANDS) * dpr;
    for (let b = 0; b < kinds.length; b++) {
      const k = kinds[b]!;
      if (k !== NO_CLASS) {
        ctx.fillStyle = c.categories[k]!;
        ctx.fillRect(b, TICKS * dpr, 1, body);
      }
      if (edges[b]) {
        ctx.fillStyle = c.edge;
        ctx.fillRect(b, TICKS * dpr, Math.max(1, Math.round(dpr)), body);
      }
      if (problems[b]! >= 2) {
        ctx.fillStyle = problems[b] === 3 ? c.error : c.warning;
        ctx.fillRect(Math.max(0, b - dpr), 0, 2 * dpr, TICKS * dpr);
      }
    }
    // Rounds (and checkpoints) as alternating bands under the strip.
    const x = (offset: number) => (offset / Math.max(1, size)) * kinds.length;
    for (let i = 0; i < bands.length / 2; i++) {
      const [from, to] = [bands[2 * i]!, bands[2 * i + 1]!];
      ctx.fillStyle = c.band[i % 2]!;
      ctx.fillRect(x(from), TICKS * dpr + body + dpr, Math.max(1, x(to) - x(from)), (BANDS - 1) * dpr);
    }
    if (selection && selection.record >= 0 && selection.record < index.count) {
      const a = x(index.offset(selection.record));
      const w = Math.max(2 * dpr, x(index.end(selection.record)) - a);
      ctx.strokeStyle = c.selection;
      ctx.lineWidth = dpr;
      ctx.strokeRect(a, TICKS * dpr, w, body);
    }
  }, [map, dpr, size, selection, index, scheme]);

  const offsetAt = (clientX: number): number => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / Math.max(1, rect.width)));
    return Math.min(size - 1, Math.floor(f * size));
  };
  const pick = (e: PointerEvent<HTMLCanvasElement>) => {
    if (size > 0 && (e.type === 'pointerdown' || e.buttons === 1)) controller.goTo(offsetAt(e.clientX));
  };
  const onKey = (e: KeyboardEvent) => {
    if (size <= 0) return;
    const at = selection ? selection.offset : 0;
    const step = Math.max(1, Math.ceil(size / Math.max(1, box.width)));
    const to = { ArrowLeft: at - step, ArrowRight: at + step, PageUp: at - size / 10, PageDown: at + size / 10, Home: 0, End: size - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    controller.goTo(Math.floor(Math.min(size - 1, Math.max(0, to))));
  };

  const rounds = (map?.bands.length ?? 0) / 2;
  const errorBins = map ? map.problems.filter((t) => t === 3).length : 0;
  const summary = `${count} records over ${size} bytes; ${rounds} round${rounds === 1 ? '' : 's'} of page data (${size && map ? Math.round((100 * map.pageBytes) / size) : 0}% of the file); ${errorBins} pixel(s) with errors.`;
  return (
    <section className="file-map" aria-label="File map section">
      <div ref={boxRef} className="file-map-strip">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label="File map"
          aria-describedby="file-map-summary"
          tabIndex={0}
          style={{ width: '100%', height: HEIGHT }}
          onPointerDown={pick}
          onPointerMove={pick}
          onKeyDown={onKey}
        />
        {size > 0 && timelineBytes ? <div className="file-map-window timeline-window" data-testid="timeline-window" style={windowStyle(timelineBytes, size)} aria-hidden="true" /> : null}
        {size > 0 ? <div className="file-map-window hex-window" data-testid="hex-window" style={windowStyle({ offset: hexTop, length: hexRows * BYTES_PER_ROW }, size)} aria-hidden="true" /> : null}
      </div>
      <p id="file-map-summary" className="visually-hidden">
        {summary}
      </p>
      <ul className="map-legend" aria-label="File map legend">
        {LEGEND.map(([className, label]) => (
          <li key={className} className={className}>
            <span className="swatch" aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
      <StatisticsPanel />
    </section>
  );
}
