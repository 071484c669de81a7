/**
 * What the explorer shows while a file is scanned comes from the scan's progress reports: the
 * first records must be reported as soon as the scan has them, not a progress period later
 * (the user is waiting for them), and the rest at most every `progressMs`.
 */
import { expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream } from '../../src/generator/index.ts';

it('reports the first records at once, then waits the progress period', async () => {
  // Two thousand one-page records in an xl save: enough records for many progress checks.
  const source = new MemorySource(buildStream({ container: 'xl', guest: 'hvm', pages: 2000, batch: 1 }));
  const reported: number[] = [];
  const r = await scanStream(source, { progressMs: 60_000, onProgress: (p) => reported.push(p.records) });
  // Within a minute's period: the first records, then the end.
  expect(reported).toHaveLength(2);
  expect(reported[0]).toBeGreaterThan(0);
  expect(reported[0]).toBeLessThan(r.index.count);
  expect(reported[1]).toBe(r.index.count);
});

it('a cancelled scan reports its last progress where it stopped, not at the end of the file', async () => {
  // The explorer shows "Cancelled at N%" from the last report.
  const source = new MemorySource(buildStream({ container: 'xl', guest: 'hvm', pages: 2000, batch: 1 }));
  const abort = new AbortController();
  const offsets: number[] = [];
  const r = await scanStream(source, {
    signal: abort.signal,
    progressMs: 0,
    onProgress: (p) => {
      offsets.push(p.offset);
      if (p.records > 100) abort.abort();
    },
  });
  expect(r.cancelled).toBe(true);
  const last = r.index.count - 1;
  expect(offsets.at(-1)).toBe(r.index.offset(last) + r.index.length(last));
  expect(offsets.at(-1)).toBeLessThan(source.size / 2);
});
