/**
 * The Rounds chart: pages sent per round (or checkpoint) as bars, bytes per round as a line, so
 * that convergence shows as shrinking bars and the final stop-and-copy round (drawn hatched)
 * stands out. Drawn on a canvas; ← → pick a round and select its first record.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Round } from '../../decoder/overview/rounds.ts';
import { sizeText } from '../../decoder/dissect/show.ts';
import { useController } from '../ExplorerContext.tsx';

const WIDTH = 420;
const HEIGHT = 120;
const PAD = 18;

export function RoundsChart({ rounds }: { rounds: Round[] }) {
  const controller = useController();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [current, setCurrent] = useState(-1);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = WIDTH * dpr;
    canvas.height = HEIGHT * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(canvas);
    const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const bar = colour('--cat-memory', '#23865a');
    const text = colour('--text', '#000');
    const muted = colour('--muted', '#666');
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.font = '10px sans-serif';
    ctx.fillStyle = muted;
    ctx.fillText('pages per round (bars), bytes (line)', PAD, 11);
    if (!rounds.length) return;
    const maxPages = Math.max(1, ...rounds.map((r) => r.pages));
    const maxBytes = Math.max(1, ...rounds.map((r) => r.bytes));
    const plotH = HEIGHT - 2 * PAD;
    const step = (WIDTH - 2 * PAD) / rounds.length;
    const w = Math.max(1, step * 0.7);
    rounds.forEach((r, i) => {
      const h = (r.pages / maxPages) * plotH;
      const x = PAD + i * step;
      ctx.fillStyle = bar;
      ctx.fillRect(x, PAD + plotH - h, w, h);
      if (i === rounds.length - 1 && rounds.length > 1) {
        // The last round: hatched, so it reads without relying on colour.
        ctx.strokeStyle = text;
        ctx.lineWidth = 1;
        for (let k = -h; k < w; k += 4) {
          ctx.beginPath();
          ctx.moveTo(x + Math.max(0, k), PAD + plotH - Math.max(0, -k));
          ctx.lineTo(x + Math.min(w, k + h), PAD + plotH - Math.min(h, w - k));
          ctx.stroke();
        }
      }
      if (i === current) {
        ctx.strokeStyle = text;
        ctx.strokeRect(x - 1.5, PAD - 1.5, w + 3, plotH + 3);
      }
    });
    ctx.strokeStyle = text;
    ctx.beginPath();
    rounds.forEach((r, i) => {
      const x = PAD + i * step + w / 2;
      const y = PAD + plotH - (r.bytes / maxBytes) * plotH;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = muted;
    ctx.fillText(`${rounds.length} round${rounds.length === 1 ? '' : 's'}; most ${maxPages} pages, ${sizeText(maxBytes)}`, PAD, HEIGHT - 4);
  }, [rounds, current]);

  const onKey = (e: KeyboardEvent) => {
    if (!rounds.length) return;
    const next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: rounds.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const i = Math.min(rounds.length - 1, Math.max(0, next));
    setCurrent(i);
    controller.selectRecord(rounds[i]!.firstRecord);
  };
  const last = rounds.at(-1);
  const label = last ? `Rounds: ${rounds.length}; the last sent ${last.pages} pages in ${last.records} records` : 'Rounds: none';
  return <canvas ref={canvasRef} role="img" aria-label="Rounds" title={label} tabIndex={0} style={{ width: WIDTH, height: HEIGHT }} onKeyDown={onKey} />;
}
