/**
 * The pace at which a scan's progress reaches the views: the first records at once, then no more
 * often than the page can draw them (PACE times what an update cost), with nothing lost between.
 * A fake clock stands for the page's time; `show` advances it by what the update is said to cost.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_GAP_MS, MIN_GAP_MS, PACE, ProgressPacer } from '../../src/ui/scan/ProgressPacer.ts';

let now = 0;
let cost = 0;
let shown: number[][] = [];
const pacer = () =>
  new ProgressPacer<number>(
    (updates) => {
      shown.push(updates);
      now += cost;
    },
    () => now,
  );
/** Lets `ms` pass on the clock and the timers; the microtask measuring an update runs first. */
async function pass(ms: number): Promise<void> {
  await Promise.resolve();
  now += ms;
  vi.advanceTimersByTime(ms);
  await Promise.resolve();
}

describe('ProgressPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    cost = 0;
    shown = [];
  });
  afterEach(() => vi.useRealTimers());

  it('shows the first message at once and the ones during the gap together, in order, at its end', async () => {
    const p = pacer();
    p.add(1);
    expect(shown).toEqual([[1]]);
    await pass(10);
    p.add(2);
    await pass(10);
    p.add(3);
    expect(shown).toEqual([[1]]);
    await pass(MIN_GAP_MS - 20);
    expect(shown).toEqual([[1], [2, 3]]);
  });

  it('leaves the page PACE times what an update cost before the next, within bounds', async () => {
    const p = pacer();
    cost = 40; // a dense stream's update in a software-painted page
    p.add(1);
    await pass(0);
    p.add(2);
    await pass(PACE * 40 - 1);
    expect(shown).toEqual([[1]]);
    await pass(1);
    expect(shown).toEqual([[1], [2]]);

    cost = 10_000; // a page that stalls for seconds still hears from the scan every MAX_GAP_MS
    p.add(3);
    await pass(PACE * 40);
    expect(shown).toEqual([[1], [2], [3]]);
    p.add(4);
    await pass(MAX_GAP_MS - 1);
    expect(shown).toHaveLength(3);
    await pass(1);
    expect(shown).toEqual([[1], [2], [3], [4]]);
  });

  it('shows what is pending when the scan ends, and forgets it when another file is opened', async () => {
    const p = pacer();
    p.add(1);
    p.add(2);
    p.flush();
    expect(shown).toEqual([[1], [2]]);
    p.add(3);
    p.clear();
    await pass(MAX_GAP_MS);
    expect(shown).toEqual([[1], [2]]);
  });
});
