import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemorySource, type ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { fingerprint } from '../../src/worker/fingerprint.ts';
import { realImage } from '../support/shared.ts';

const KiB = 1024;
const GiB = 1024 ** 3;

/** A source of `size` bytes, each a function of its offset, that counts what is read of it. */
function countingSource(size: number, tweak?: { at: number; value: number }): ByteSource & { reads: { offset: number; length: number }[] } {
  const reads: { offset: number; length: number }[] = [];
  return {
    name: 'big.save',
    size,
    reads,
    read(offset, length) {
      reads.push({ offset, length });
      const n = Math.max(0, Math.min(length, size - offset));
      const out = Uint8Array.from({ length: n }, (_, i) => ((offset + i) * 2654435761) >>> 24);
      if (tweak && tweak.at >= offset && tweak.at < offset + n) out[tweak.at - offset] = tweak.value;
      return Promise.resolve(out);
    },
  };
}

describe('file fingerprint', () => {
  it('is SHA-256 over the first, middle and last 64 KiB, truncated to 16 hex digits (as the docs define it)', async () => {
    const b = Uint8Array.from({ length: 1000 * KiB }, (_, i) => (i * 37 + (i >> 10)) & 0xff);
    const m = 500 * KiB - 32 * KiB;
    const want = createHash('sha256')
      .update(b.subarray(0, 64 * KiB))
      .update(b.subarray(m, m + 64 * KiB))
      .update(b.subarray(b.length - 64 * KiB))
      .digest('hex')
      .slice(0, 16);
    expect(await fingerprint(new MemorySource(b))).toBe(want);
  });

  it('reads three 64 KiB slices of a 20 GiB file, one read each, and nothing else', async () => {
    const src = countingSource(20 * GiB);
    expect(await fingerprint(src)).toMatch(/^[0-9a-f]{16}$/);
    expect(src.reads).toEqual([
      { offset: 0, length: 64 * KiB },
      { offset: 10 * GiB - 32 * KiB, length: 64 * KiB },
      { offset: 20 * GiB - 64 * KiB, length: 64 * KiB },
    ]);
  });

  it('changes with a byte in any of the slices, and with the file cut short; not with a byte elsewhere', async () => {
    const size = 20 * GiB;
    const base = await fingerprint(countingSource(size));
    for (const at of [5, 10 * GiB, size - 1]) expect(await fingerprint(countingSource(size, { at, value: 0x5a }))).not.toBe(base);
    expect(await fingerprint(countingSource(size - 4096))).not.toBe(base);
    expect(await fingerprint(countingSource(size, { at: 3 * GiB, value: 0x5a }))).toBe(base);
  });

  it("keeps the real HVM image's fingerprint that links already carry (docs/permalinks.md's shell recipe gives it)", async () => {
    const source = new FileSource(await realImage('hvm'));
    expect(await fingerprint(source)).toBe('dd8ab20863471b0f');
    source.close();
  });

  it('fingerprints empty and tiny files', async () => {
    expect(await fingerprint(new MemorySource(new Uint8Array(0)))).toBe('e3b0c44298fc1c14');
    const one = await fingerprint(new MemorySource(Uint8Array.of(1)));
    expect(one).not.toBe(await fingerprint(new MemorySource(Uint8Array.of(2))));
  });
});
