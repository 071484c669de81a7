import { describe, expect, it } from 'vitest';
import { DEFAULT_READING } from '../../src/decoder/bytes/WindowedReader.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { streamSource, type StreamSpec } from '../../src/generator/index.ts';

/**
 * The adaptive reader against the two fixed strategies it chooses between, on the file shapes
 * the scan meets: always seek (a minimum window at each record) and read the whole file in
 * maximum windows. Counted, not timed: the cost of a scan is its reads times what a read costs
 * (DEFAULT_READING.seekCost, in bytes) plus its bytes.
 */

const { minWindow, maxWindow, seekCost } = DEFAULT_READING;
const cost = (reads: number, bytes: number) => reads * seekCost + bytes;
/** The reads the window takes to double from its minimum to its maximum, once per file: a constant. */
const RAMP = Math.log2(maxWindow / minWindow) * seekCost;

async function costs(spec: StreamSpec) {
  const source = streamSource(spec);
  const adaptive = await scanStream(source);
  expect(adaptive.counts.error).toBe(0);
  const seeking = await scanStream(source, { reading: { minWindow, maxWindow: minWindow, seekCost: 0 } });
  const sequential = { reads: Math.ceil(source.size / maxWindow), bytesRead: source.size };
  return {
    adaptive: { reads: adaptive.reads, bytes: adaptive.bytesRead, cost: cost(adaptive.reads, adaptive.bytesRead) },
    seeking: { reads: seeking.reads, bytes: seeking.bytesRead, cost: cost(seeking.reads, seeking.bytesRead) },
    sequential: { reads: sequential.reads, bytes: sequential.bytesRead, cost: cost(sequential.reads, sequential.bytesRead) },
  };
}

describe('the adaptive reader costs at most 1.2x the better fixed strategy', () => {
  const shapes: [string, StreamSpec][] = [
    ['dense: one page per PAGE_DATA record', { pages: 20_000, batch: 1, pageContent: 'zero' }],
    ['densest: XTAB-only records of one PFN (24 bytes each)', { pages: 100_000, batch: 1, xtabOnly: true }],
    ['sparse: 1024-page batches of a 4 GiB image', { pages: 1 << 20, pageContent: 'zero' }],
    ['between: 8-page batches (32 KiB apart)', { pages: 40_000, batch: 8, pageContent: 'zero' }],
    ['at the turning point: 64-page batches (256 KiB apart)', { pages: 100_000, batch: 64, pageContent: 'zero' }],
    ['mixed: a full first checkpoint in 1024-page batches, then 300 small checkpoints', { pages: 4096, checkpoints: 300, pageContent: 'zero' }],
  ];
  it.each(shapes)('%s', async (_name, spec) => {
    const c = await costs(spec);
    const better = c.seeking.cost <= c.sequential.cost ? c.seeking : c.sequential;
    expect(c.adaptive.cost, JSON.stringify(c)).toBeLessThanOrEqual(1.2 * better.cost + RAMP);
  });

  it('on a dense stream reads MiB windows: about the reads and bytes of reading the file once', async () => {
    const c = await costs({ pages: 20_000, batch: 1, pageContent: 'zero' });
    expect(c.adaptive.reads).toBeLessThanOrEqual(1.2 * c.sequential.reads + 10);
    expect(c.adaptive.bytes).toBeLessThanOrEqual(1.2 * c.sequential.bytes);
  });

  it('on a sparse image keeps seeking: about one minimum window per record', async () => {
    const c = await costs({ pages: 1 << 20, pageContent: 'zero' });
    expect(c.adaptive.reads).toBeLessThanOrEqual(1.2 * c.seeking.reads);
    expect(c.adaptive.bytes).toBeLessThanOrEqual(1.2 * c.seeking.bytes);
  });
});
