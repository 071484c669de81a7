/**
 * The file shapes of issue 12 that both `npm run bench` (CLI verify) and `npm run bench:browser`
 * measure: sparse full batches, and dense streams of small records. XSE_BENCH_SCALE scales
 * every case (0.1: a tenth of each); `scale` lets a bench pick its own default.
 */
import type { StreamSpec } from '../src/generator/index.ts';

const GiB = 2 ** 30;

export interface Case {
  name: string;
  spec: StreamSpec;
  /** How many times faster than verify-stream-v2 `verify` must be. */
  goal: number;
}

export function benchScale(fallback: number): number {
  return Number(process.env.XSE_BENCH_SCALE ?? fallback);
}

export function denseCases(scale: number): Case[] {
  const n = (count: number) => Math.max(1, Math.round(count * scale));
  return [
    { name: '16 GiB sparse image, 1024-page batches', spec: { pages: n((16 * GiB) / 4096), pageContent: 'zero' }, goal: 100 },
    { name: 'one-page PAGE_DATA records', spec: { pages: n(1_000_000), batch: 1, pageContent: 'zero' }, goal: 3 },
    { name: 'XTAB-only PAGE_DATA records', spec: { pages: n(10_000_000), batch: 1, xtabOnly: true }, goal: 3 },
    { name: 'checkpoints of two pages', spec: { pages: 16, checkpoints: n(100_000) }, goal: 3 },
  ];
}
