import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PageCache, UNKNOWN } from '../../src/ui/hex/pageCache.ts';

/** A file whose every byte is a function of its offset, so a byte from the wrong place shows. */
const byteOf = (o: number) => (o * 131 + (o >>> 12) * 7 + 3) & 0xff;

function source(size: number) {
  const reads: [number, number][] = [];
  const fetch = async (offset: number, length: number) => {
    reads.push([offset, length]);
    const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
    for (let i = 0; i < out.length; i++) out[i] = byteOf(offset + i);
    return out;
  };
  return { fetch, reads };
}

const expected = (offset: number, length: number, size: number) =>
  Array.from({ length: Math.max(0, Math.min(size, offset + length) - offset) }, (_, i) => byteOf(offset + i));

describe('PageCache', () => {
  it('reads a range straddling a page boundary with each byte from its own page (vscode-hexeditor #358)', async () => {
    const size = 5 * PAGE_SIZE + 100;
    const { fetch } = source(size);
    const cache = new PageCache(size, fetch);
    const at = 2 * PAGE_SIZE - 5;
    expect(Array.from(await cache.read(at, 16))).toEqual(expected(at, 16, size));
    expect(Array.from(cache.view(at, 16))).toEqual(expected(at, 16, size));
    // Three pages at once, starting one byte before a boundary.
    const wide = PAGE_SIZE - 1;
    expect(Array.from(await cache.read(wide, 2 * PAGE_SIZE + 2))).toEqual(expected(wide, 2 * PAGE_SIZE + 2, size));
  });

  it('returns exactly the file for any range, including short last pages and ranges past the end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 * PAGE_SIZE }), fc.integer({ min: 0, max: 7 * PAGE_SIZE }), fc.integer({ min: 0, max: 3 * PAGE_SIZE }), async (size, offset, length) => {
        const cache = new PageCache(size, source(size).fetch, () => {}, 2);
        const want = expected(offset, length, size);
        expect(Array.from(await cache.read(offset, length))).toEqual(want);
        cache.ensure(offset, length);
        await cache.read(offset, length);
        const v = Array.from(cache.view(offset, length));
        // With only two pages kept, bytes of evicted pages are unknown, never wrong.
        v.forEach((b, i) => {
          if (b !== UNKNOWN) expect(b).toBe(want[i]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('reads pages at offsets past 4 GiB without losing precision', async () => {
    const size = 6 * 1024 ** 3 + 12345;
    const { fetch, reads } = source(size);
    const cache = new PageCache(size, fetch);
    const at = 4 * 1024 ** 3 + PAGE_SIZE - 3;
    expect(Array.from(await cache.read(at, 8))).toEqual(expected(at, 8, size));
    expect(reads).toEqual([
      [4 * 1024 ** 3, PAGE_SIZE],
      [4 * 1024 ** 3 + PAGE_SIZE, PAGE_SIZE],
    ]);
    const last = await cache.read(size - 4, 100);
    expect(Array.from(last)).toEqual(expected(size - 4, 4, size));
  });

  it('marks bytes unknown until their page arrives, then tells the view, fetching each page once', async () => {
    const size = 3 * PAGE_SIZE;
    const { fetch, reads } = source(size);
    let loads = 0;
    const cache = new PageCache(size, fetch, () => loads++);
    expect(Array.from(cache.view(PAGE_SIZE - 2, 4))).toEqual([UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]);
    cache.ensure(PAGE_SIZE - 2, 4);
    cache.ensure(PAGE_SIZE - 2, 4);
    await cache.read(PAGE_SIZE - 2, 4);
    expect(reads.length).toBe(2);
    expect(loads).toBe(2);
    expect(Array.from(cache.view(PAGE_SIZE - 2, 4))).toEqual(expected(PAGE_SIZE - 2, 4, size));
  });

  it('keeps only the most recently used pages', async () => {
    const size = 10 * PAGE_SIZE;
    const { fetch, reads } = source(size);
    const cache = new PageCache(size, fetch, () => {}, 3);
    for (let p = 0; p < 10; p++) await cache.read(p * PAGE_SIZE, 1);
    expect(cache.cachedPages).toBe(3);
    await cache.read(9 * PAGE_SIZE, 1);
    expect(reads.length).toBe(10);
    await cache.read(0, 1);
    expect(reads.length).toBe(11);
  });

  it('asks again for a page whose fetch failed', async () => {
    let fail = true;
    const cache = new PageCache(PAGE_SIZE, async (o, n) => {
      if (fail) throw new Error('gone');
      return new Uint8Array(n).fill(o + 7);
    });
    await expect(cache.read(0, 1)).rejects.toThrow('gone');
    fail = false;
    expect(Array.from(await cache.read(0, 1))).toEqual([7]);
  });
});
