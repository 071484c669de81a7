import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../src/decoder/core/sizes.ts';
import { applyDelta, PageDecompressor, type CompressedPage } from '../../../src/decoder/legacy/compression.ts';
import { dv } from '../../../src/generator/bytes.ts';
import { patternPage } from '../../../src/generator/bodies.ts';
import { compressPages, REMUS_DELTA_WORDS, remusDeltaWords, remusFullPage } from '../../../src/generator/legacy/bodies.ts';

/**
 * The Remus page decompressor on the generator's compressed pages (checkpoint index 1: PFNs
 * 10-15 come as unchanged, delta, full, unchanged, delta, full), fed the way the scan and the
 * converter feed it: in pieces of any size, from chunks that lie apart in the file.
 */
const PFNS = [10, 11, 12, 13, 14, 15];
const data = compressPages(PFNS, 1);

function decode(pieces: { bytes: Uint8Array; base: number }[]): { pages: CompressedPage[]; d: PageDecompressor } {
  const pages: CompressedPage[] = [];
  const d = new PageDecompressor((p) => pages.push(p));
  for (const p of pieces) d.feed(p.bytes, p.base);
  return { pages, d };
}

describe('PageDecompressor', () => {
  it('yields each page in order: unchanged, a delta (its copies at their page offsets), full (its file slice)', () => {
    const { pages, d } = decode([{ bytes: data, base: 1000 }]);
    expect(d.error).toBeNull();
    expect(pages.map((p) => p.kind)).toEqual(['unchanged', 'delta', 'full', 'unchanged', 'delta', 'full']);
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pages[0]!.at).toBe(1000);
    expect(pages[1]!.at).toBe(1001);
    const full = pages[2]!;
    if (full.kind !== 'full') throw new Error('not full');
    // Its 4096 bytes follow its 0x80 marker.
    expect(full.slices).toEqual([{ offset: full.at + 1, length: PAGE_SIZE }]);
    expect(data.subarray(full.slices[0]!.offset - 1000, full.slices[0]!.offset - 1000 + PAGE_SIZE)).toEqual(remusFullPage(12, 1));
    const delta = pages[1]!;
    if (delta.kind !== 'delta') throw new Error('not a delta');
    const want = patternPage(11);
    remusDeltaWords(11, 1).forEach((w, k) => dv(want).setUint32(REMUS_DELTA_WORDS[k]! * 4, w, true));
    expect(applyDelta(patternPage(11), delta.copies)).toEqual(want);
  });

  it('gives the same pages fed byte by byte (copies and slices continue across pieces)', () => {
    const whole = decode([{ bytes: data, base: 0 }]);
    const bytes = decode(Array.from(data, (_, i) => ({ bytes: data.subarray(i, i + 1), base: i })));
    expect(bytes.d.pages).toBe(6);
    expect(bytes.pages.map((p) => (p.kind === 'delta' ? { ...p, copies: applyDelta(new Uint8Array(PAGE_SIZE), p.copies) } : p))).toEqual(
      whole.pages.map((p) => (p.kind === 'delta' ? { ...p, copies: applyDelta(new Uint8Array(PAGE_SIZE), p.copies) } : p)),
    );
  });

  it('a full page split across two chunks is two slices, one in each', () => {
    const full = decode([{ bytes: data, base: 0 }]).pages[2]!;
    if (full.kind !== 'full') throw new Error('not full');
    const cut = full.slices[0]!.offset + 100;
    // The second chunk's data lies 12 bytes further on in the file (its id and length come first).
    const { pages } = decode([
      { bytes: data.subarray(0, cut), base: 0 },
      { bytes: data.subarray(cut), base: cut + 12 },
    ]);
    expect(pages[2]).toMatchObject({ kind: 'full', slices: [{ offset: full.slices[0]!.offset, length: 100 }, { offset: cut + 12, length: PAGE_SIZE - 100 }] });
  });

  it('stops at the first malformed marker, with its offset, and hands over no page after it', () => {
    const bad = new Uint8Array([0x00, 0x01, 1, 2, 3, 4, 0x00, 0x00]);
    const { pages, d } = decode([{ bytes: bad, base: 50 }]);
    expect(d.error).toEqual({ at: 56, message: 'zero-length run marker 0x0 inside page 1' });
    expect(pages.map((p) => p.kind)).toEqual(['unchanged']);
  });
});
