import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { WindowedReader } from '../../src/decoder/bytes/WindowedReader.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { streamSource } from '../../src/generator/index.ts';

/** The read window that decides how many reads (the browser's cost) a scan makes. */

describe('WindowedReader', () => {
  const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) & 0xff);

  it('returns exactly the bytes asked for, wherever the window boundaries fall', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 210_000 }), fc.nat({ max: 70_000 })), { maxLength: 40 }), async (reads) => {
        const r = new WindowedReader(new MemorySource(data), 1024, 8192);
        for (const [at, len] of reads) {
          const got = await r.bytes(at, len);
          expect(Buffer.from(got).equals(data.subarray(at, at + len)), `read ${len} at ${at}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('serves a run of small sequential reads from few, growing reads', async () => {
    const r = new WindowedReader(new MemorySource(data), 1024, 64 * 1024);
    for (let at = 0; at < data.length; at += 24) await r.bytes(at, 24);
    // 1 + 2 + 4 + ... KiB windows: far fewer reads than the 8334 requests.
    expect(r.reads).toBeLessThan(12);
    expect(r.bytesRead).toBeLessThan(data.length + 64 * 1024);
  });

  it('after a seek reads only the minimum window', async () => {
    const r = new WindowedReader(new MemorySource(data), 1024, 64 * 1024);
    await r.bytes(0, 8);
    await r.bytes(150_000, 8);
    expect(r.reads).toBe(2);
    expect(r.bytesRead).toBe(2048);
  });
});

it('indexes a 16 GiB image reading a header window per PAGE_DATA record, under 0.5% of the file', async () => {
  const src = streamSource({ pages: 4 * 1024 * 1024, pageContent: 'zero' });
  expect(src.size).toBeGreaterThan(16 * 2 ** 30);
  const r = await scanStream(src);
  expect(r.counts.error).toBe(0);
  const pageRecords = r.facts.libxc!.pageRecords;
  expect(pageRecords).toBe(4096);
  expect(r.reads).toBeLessThanOrEqual(pageRecords + 8);
  expect(r.bytesRead / r.size).toBeLessThan(0.005);
});
