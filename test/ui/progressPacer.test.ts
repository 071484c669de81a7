/**
 * The pace at which a scan's progress reaches the views: the first records at once, then no more
 * often than the page can draw them (PACE times what an update cost), with nothing lost between.
 * A fake clock stands for the page's time; `show` advances it by what the update is said to cost.
 * Last, the explorer's controller fed worker messages by hand (a stand-in port), as a scan of a
 * file sends them: an early message with no records yet, then index batches of one entry each.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { RecordIndex } from '../../src/decoder/model/RecordIndex.ts';
import { ExplorerController } from '../../src/ui/scan/ExplorerController.ts';
import { MAX_GAP_MS, MIN_GAP_MS, PACE, ProgressPacer } from '../../src/ui/scan/ProgressPacer.ts';
import type { WorkerPort } from '../../src/ui/scan/scanClient.ts';
import { createExplorerStore } from '../../src/ui/state/store.ts';
import type { FromWorker, ToWorker } from '../../src/worker/protocol.ts';

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

describe('the explorer while a scan runs', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the first records at once, paces the rest and shows everything when the scan is done', () => {
    vi.useFakeTimers();
    const port: WorkerPort & { sent: ToWorker[] } = { sent: [], onmessage: null, postMessage: (m) => port.sent.push(m) };
    const store = createExplorerStore();
    const controller = new ExplorerController(store, port);
    controller.openFile(new File([new Uint8Array(64)], 'dense.save'));
    const session = (port.sent.find((m) => m.type === 'open') as Extract<ToWorker, { type: 'open' }>).session;
    const worker = new RecordIndex();
    const deliver = (m: FromWorker) => port.onmessage!({ data: m } as MessageEvent<FromWorker>);
    const facts = { containers: ['libxc v3'], checkpoints: 0, complete: false, endOffset: 0 };
    const progress = (records: number) => {
      const from = worker.count;
      for (let i = from; i < records; i++) worker.add(16 * i, 16, 8, Layer.Libxc, 1, 0, 0, 0);
      const batch = records > from ? worker.batch(from) : null;
      deliver({ type: 'progress', session, progress: { offset: 16 * records, size: 64, records, diagnostics: 0 }, batch, diagnostics: [], diagnosticsStart: 0, facts, counts: { error: 0, warning: 0, info: 0 } });
    };
    deliver({ type: 'opened', session, name: 'dense.save', size: 64, fingerprint: 'f' });
    progress(0);
    progress(1);
    expect(store.getState().index.count).toBe(1);
    progress(2);
    progress(3);
    expect(store.getState().index.count).toBe(1);
    vi.advanceTimersByTime(MIN_GAP_MS);
    expect(store.getState().index.count).toBe(3);
    progress(4);
    deliver({ type: 'done', session, format: 'libxc', counts: { error: 0, warning: 0, info: 0 }, cancelled: false, bytesRead: 64, reads: 1 });
    expect(store.getState()).toMatchObject({ status: 'done', progress: { records: 4 } });
    expect(store.getState().index.count).toBe(4);
  });
});
