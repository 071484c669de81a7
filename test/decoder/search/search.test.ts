import { describe, expect, it } from 'vitest';
import { MemorySource, type ByteSource } from '../../../src/decoder/bytes/ByteSource.ts';
import { parseQuery, type BytePattern, type SearchQuery } from '../../../src/decoder/search/pattern.ts';
import { findInBuffer, rarestAnchor, READ_AHEAD, searchSource } from '../../../src/decoder/search/searchSource.ts';
import fc from 'fast-check';
import { buildSample } from '../../../src/generator/index.ts';
import { FileSource } from '../../../src/node/FileSource.ts';
import { realImage } from '../../support/shared.ts';

/**
 * Search: queries of every kind become the bytes a person means; a search finds exactly the
 * offsets a byte-by-byte comparison finds, whatever the window size (matches across window
 * boundaries found once), and stops when cancelled.
 */

function pattern(q: SearchQuery): BytePattern {
  const p = parseQuery(q);
  if ('error' in p) throw new Error(p.error);
  return p.pattern;
}

function bruteForce(b: Uint8Array, p: BytePattern): number[] {
  const out: number[] = [];
  for (let i = 0; i + p.bytes.length <= b.length; i++) if (p.bytes.every((v, k) => !p.mask[k] || b[i + k] === v)) out.push(i);
  return out;
}

describe('search queries', () => {
  it('hex with ?? wildcards, ASCII, UTF-16LE and integers of each width and byte order', () => {
    expect(pattern({ kind: 'hex', text: '51 45 ?? 4d' })).toEqual({ bytes: Uint8Array.from([0x51, 0x45, 0, 0x4d]), mask: Uint8Array.from([1, 1, 0, 1]) });
    expect([...pattern({ kind: 'ascii', text: 'QEVM' }).bytes]).toEqual([0x51, 0x45, 0x56, 0x4d]);
    expect([...pattern({ kind: 'utf16le', text: 'Xe' }).bytes]).toEqual([0x58, 0, 0x65, 0]);
    expect([...pattern({ kind: 'int', text: '0x54381286', width: 4, littleEndian: true }).bytes]).toEqual([0x86, 0x12, 0x38, 0x54]);
    expect([...pattern({ kind: 'int', text: '-2', width: 2, littleEndian: false }).bytes]).toEqual([0xff, 0xfe]);
    expect([...pattern({ kind: 'int', text: '4096', width: 8, littleEndian: true }).bytes]).toEqual([0, 0x10, 0, 0, 0, 0, 0, 0]);
  });

  it('says what is wrong with a query that is not bytes', () => {
    for (const q of [
      { kind: 'hex', text: '4' },
      { kind: 'hex', text: 'zz' },
      { kind: 'hex', text: '?? ??' },
      { kind: 'ascii', text: 'é' },
      { kind: 'int', text: '256', width: 1 },
      { kind: 'int', text: 'twelve', width: 4 },
    ] as SearchQuery[]) {
      expect(parseQuery(q), JSON.stringify(q)).toHaveProperty('error');
    }
  });
});

describe('searching a source', () => {
  const bytes = buildSample('hvm-v3');
  const src = new MemorySource(bytes);

  it.each([3, 7, 4096, 1 << 23])('finds what a byte-by-byte comparison finds, with %i-byte windows', async (window) => {
    for (const q of [
      { kind: 'ascii', text: 'QEVM' },
      { kind: 'hex', text: '86 12 ?? 54' },
      { kind: 'int', text: '2', width: 4, littleEndian: true },
    ] as SearchQuery[]) {
      const p = pattern(q);
      const want = bruteForce(bytes, p).slice(0, 10_000);
      const got = await searchSource(src, p, 0, bytes.length, { window });
      expect(got.matches, JSON.stringify(q)).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
    }
  });

  it('jumps on the pattern byte rarest in the data, never a wildcard, and finds the same wherever it jumps', () => {
    // Text in which every letter of "Linux version" is common but "v": it is anchored on its "v".
    const text = Uint8Array.from('Linux erso '.repeat(100) + 'Linux version', (c) => c.charCodeAt(0));
    expect(rarestAnchor(pattern({ kind: 'ascii', text: 'Linux version' }), text)).toBe('Linux '.length);
    // "?? 00 41": the wildcard is never the anchor, though it matches anything.
    expect(rarestAnchor(pattern({ kind: 'hex', text: '?? 00 41' }), new Uint8Array(64))).toBe(2);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.option(fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 5 }), (data, spec) => {
        // Small alphabets so that matches happen; null is a wildcard.
        const buf = data.map((b) => b & 3);
        const p: BytePattern = { bytes: Uint8Array.from(spec, (b) => b ?? 0), mask: Uint8Array.from(spec, (b) => (b === null ? 0 : 1)) };
        if (!p.mask.includes(1)) return;
        const want = bruteForce(buf, p);
        for (let anchor = 0; anchor < spec.length; anchor++) {
          if (!p.mask[anchor]) continue;
          const got: number[] = [];
          findInBuffer(buf, p, 0, buf.length, 0, got, 10_000, anchor);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('searches only the range asked for (a selected record)', async () => {
    const p = pattern({ kind: 'ascii', text: 'QEVM' });
    const all = bruteForce(bytes, p);
    const at = all[0]!;
    expect((await searchSource(src, p, at + 1, bytes.length)).matches).toEqual(all.slice(1));
    expect((await searchSource(src, p, 0, at + 3)).matches).toEqual([]);
  });

  it('stops at the match limit and says so', async () => {
    const got = await searchSource(src, pattern({ kind: 'hex', text: '00' }), 0, bytes.length, { maxMatches: 5 });
    expect(got).toMatchObject({ end: 'limit', matches: [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)] });
  });

  it('a cancelled search of a 5 GiB file stops after the window in flight (and those read ahead), keeping its matches', async () => {
    const size = 5 * 2 ** 30;
    let reads = 0;
    const zeros: ByteSource = { name: 'sparse', size, read: async (_o, n) => (reads++, new Uint8Array(n)) };
    const abort = new AbortController();
    const got = await searchSource(zeros, pattern({ kind: 'ascii', text: 'x' }), 0, size, {
      onProgress: (p) => {
        if (p.searched >= 2 * 8 * 2 ** 20) abort.abort();
      },
      signal: abort.signal,
    });
    expect(got).toEqual({ matches: [], end: 'cancelled', searched: 2 * 8 * 2 ** 20 });
    // The two windows searched, and the ones read ahead while the second was searched.
    expect(reads).toBe(2 + READ_AHEAD);
  });
});

describe('searching a real image', () => {
  it("finds QEMU's device-state magic where the HVM image's emulator context holds it", async () => {
    const src = new FileSource(await realImage('hvm'));
    const got = await searchSource(src, pattern({ kind: 'ascii', text: 'QEVM' }), 0, src.size);
    expect(got.end).toBe('complete');
    expect(got.matches).toContain(0x780968c);
    src.close();
  }, 120_000);
});
