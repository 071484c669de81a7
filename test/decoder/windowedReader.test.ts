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
        const r = new WindowedReader(new MemorySource(data), { minWindow: 1024, maxWindow: 8192 });
        for (const [at, len] of reads) {
          const got = await r.bytes(at, len);
          expect(Buffer.from(got).equals(data.subarray(at, at + len)), `read ${len} at ${at}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('serves a run of small sequential reads from few, growing reads', async () => {
    const r = new WindowedReader(new MemorySource(data), { minWindow: 1024, maxWindow: 64 * 1024 });
    for (let at = 0; at < data.length; at += 24) await r.bytes(at, 24);
    // 1 + 2 + 4 + ... KiB windows: far fewer reads than the 8334 requests.
    expect(r.reads).toBeLessThan(12);
    expect(r.bytesRead).toBeLessThan(data.length + 64 * 1024);
  });

  it('grows its window no larger than the source\'s largest read (a file in Node: fresh big buffers cost more than reads)', async () => {
    const sizes: number[] = [];
    const mem = new MemorySource(data);
    const capped = { name: 'capped', size: data.length, maxRead: 8192, read: (o: number, n: number) => (sizes.push(n), mem.read(o, n)) };
    const r = new WindowedReader(capped, { minWindow: 1024 });
    for (let at = 0; at < data.length; at += 24) await r.bytes(at, 24);
    expect(Math.max(...sizes)).toBe(8192);
    // The browser's default grows to MiBs on the same requests.
    const uncapped = new WindowedReader(mem, { minWindow: 1024 });
    for (let at = 0; at < data.length; at += 24) await uncapped.bytes(at, 24);
    expect(uncapped.reads).toBeLessThan(r.reads);
  });

  /** A source whose reads take a millisecond, like a browser File's, counting the reads in flight (now and at most). */
  const slowSource = () => {
    const mem = new MemorySource(data);
    const s = {
      name: 'slow',
      size: data.length,
      inFlight: 0,
      mostInFlight: 0,
      read: async (offset: number, length: number) => {
        s.mostInFlight = Math.max(s.mostInFlight, ++s.inFlight);
        await new Promise((r) => setTimeout(r, 1));
        s.inFlight--;
        return mem.read(offset, length);
      },
    };
    return s;
  };

  it('keeps reads in flight ahead of seeks at a steady stride, and serves them exactly', async () => {
    const slow = slowSource();
    const r = new WindowedReader(slow, { minWindow: 1024, maxWindow: 64 * 1024, seekCost: 2048 });
    for (let at = 0; at + 16 < data.length; at += 5000) {
      const got = await r.bytes(at, 16);
      expect(Buffer.from(got).equals(data.subarray(at, at + 16)), `at ${at}`).toBe(true);
    }
    expect(slow.mostInFlight).toBeGreaterThan(8);
    // Nearly every seek was served by read-ahead: no more than a few reads were wasted.
    expect(r.reads).toBeLessThan(Math.ceil(data.length / 5000) + 20);
  });

  it('along a dense run at the largest window, reads the next window while this one is decoded', async () => {
    const max = 16 * 1024;
    const slow = slowSource();
    const r = new WindowedReader(slow, { minWindow: 1024, maxWindow: max, seekCost: 4096 });
    const inFlightWhileDecoding: number[] = [];
    for (let at = 0; at + 24 <= data.length; at += 24) {
      const got = await r.bytes(at, 24);
      expect(Buffer.from(got).equals(data.subarray(at, at + 24)), `at ${at}`).toBe(true);
      // Past the windows' doubling (1 + 2 + ... + 16 KiB) and before the last window.
      if (at > 2 * max && at < data.length - 2 * max) inFlightWhileDecoding.push(slow.inFlight);
    }
    expect(Math.min(...inFlightWhileDecoding)).toBeGreaterThanOrEqual(1);
    // The windows overlap by a minimum window: a few percent more bytes than the file.
    expect(r.bytesRead).toBeLessThan(data.length * 1.1);
  });

  it('when a dense run ends in a seek, wastes at most the windows read ahead (two)', async () => {
    const max = 16 * 1024;
    const r = new WindowedReader(slowSource(), { minWindow: 1024, maxWindow: max, seekCost: 4096 });
    for (let at = 0; at < 100_000; at += 24) await r.bytes(at, 24);
    const before = r.bytesRead;
    const got = await r.bytes(180_000, 24);
    expect(Buffer.from(got).equals(data.subarray(180_000, 180_024))).toBe(true);
    expect(r.bytesRead - before).toBeLessThanOrEqual(2 * max + 1024);
  });

  it('after a seek further than a read costs, reads only the minimum window', async () => {
    const r = new WindowedReader(new MemorySource(data), { minWindow: 1024, maxWindow: 64 * 1024, seekCost: 4096 });
    await r.bytes(0, 8);
    await r.bytes(150_000, 8);
    expect(r.reads).toBe(2);
    expect(r.bytesRead).toBe(2048);
  });

  it('reads through gaps shorter than a read costs, with windows growing to the maximum', async () => {
    const r = new WindowedReader(new MemorySource(data), { minWindow: 1024, maxWindow: 16 * 1024, seekCost: 4096 });
    // 24-byte records 3000 bytes apart: each gap is cheaper to read than to seek over.
    for (let at = 0; at + 24 < data.length; at += 3000) await r.bytes(at, 24);
    expect(r.reads).toBeLessThan(data.length / (16 * 1024) + 6);
    expect(r.bytesRead).toBeLessThan(data.length + 16 * 1024);
  });
});

describe('WindowedReader over a source that reads into a given buffer (a file in Node)', () => {
  const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) & 0xff);
  /** MemorySource with readInto, as FileSource has it: the reader then refills its own buffer. */
  const intoSource = () => {
    const mem = new MemorySource(data);
    return Object.assign(mem, { readInto: (offset: number, target: Uint8Array) => target.set(data.subarray(offset, offset + target.length)) });
  };

  it('keeps every view bytes() lent exact while hold() and holdNow() refill the window in place', async () => {
    // Random requests, each either kept (bytes) or read in place at once (hold, or holdNow, which
    // reads such a source at once), across seeks, growing windows and the end of the source;
    // every kept view is checked again at the end.
    const request = fc.tuple(fc.constantFrom('bytes', 'hold', 'holdNow'), fc.nat({ max: 205_000 }), fc.nat({ max: 20_000 }));
    await fc.assert(
      fc.asyncProperty(fc.array(request, { maxLength: 60 }), async (requests) => {
        const r = new WindowedReader(intoSource(), { minWindow: 1024, maxWindow: 8192, seekCost: 2048 });
        const kept: [Uint8Array, number, number][] = [];
        for (const [how, at, len] of requests) {
          const want = data.subarray(at, at + len);
          if (how === 'bytes') {
            const got = await r.bytes(at, len);
            expect(Buffer.from(got).equals(want), `bytes(${at}, ${len})`).toBe(true);
            kept.push([got, at, len]);
          } else {
            const i = how === 'hold' ? await r.hold(at, len) : r.holdNow(at, len);
            expect(Buffer.from(r.held.subarray(i, i + want.length)).equals(want), `${how}(${at}, ${len})`).toBe(true);
          }
        }
        for (const [got, at, len] of kept) expect(Buffer.from(got).equals(data.subarray(at, at + len)), `kept bytes(${at}, ${len})`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every seek into the same buffer while nothing was lent, and makes no read-ahead', async () => {
    // Records far apart at a steady stride: a browser File would get read-ahead here; a
    // synchronous source gets exactly one read per seek, all into one buffer.
    const r = new WindowedReader(intoSource(), { minWindow: 1024, maxWindow: 8192, seekCost: 2048 });
    const buffers = new Set<ArrayBufferLike>();
    let seeks = 0;
    for (let at = 0; at + 16 < data.length; at += 5000, seeks++) {
      const i = await r.hold(at, 16);
      expect(Buffer.from(r.held.subarray(i, i + 16)).equals(data.subarray(at, at + 16))).toBe(true);
      buffers.add(r.held.buffer);
    }
    expect(r.reads).toBe(seeks);
    expect(buffers.size).toBe(1);
    // A source read by promises only: holdNow says when the reader must be awaited.
    const plain = new WindowedReader(new MemorySource(data), { minWindow: 1024 });
    expect(plain.holdNow(5000, 16)).toBe(-1);
    await plain.hold(5000, 16);
    expect(plain.holdNow(5008, 8)).toBe(8);
    // A view lent by bytes() keeps its buffer: the next seek reads into a new one.
    const lent = await r.bytes(100, 16);
    await r.hold(150_000, 16);
    expect(r.held.buffer).not.toBe(lent.buffer);
  });
});

it('indexes a 16 GiB image reading a header window per PAGE_DATA record, under 0.5% of the file', async () => {
  const src = streamSource({ pages: 4 * 1024 * 1024, pageContent: 'zero' });
  expect(src.size).toBeGreaterThan(16 * 2 ** 30);
  const r = await scanStream(src);
  expect(r.counts.error).toBe(0);
  const pageRecords = r.facts.libxc!.pageRecords;
  expect(pageRecords).toBe(4096);
  // One read per record, plus what strided read-ahead fetched past the last one.
  expect(r.reads).toBeLessThanOrEqual(pageRecords + 8 + 16);
  expect(r.bytesRead / r.size).toBeLessThan(0.005);
});
