import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';

/**
 * Random bytes rarely look like a legacy stream, so the shared fuzz test (test/decoder/fuzz.test.ts,
 * which mutates generated legacy streams too) is complemented here: any bytes read as a legacy
 * stream of either width and guest type never crash the scan or the field-tree decoder, and
 * index at most one entry per 4 bytes (the smallest chunk).
 */
it('any bytes read as a legacy stream', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom<4 | 8>(4, 8), fc.constantFrom<'pv' | 'hvm'>('pv', 'hvm'), async (b, width, guest) => {
      const src = new MemorySource(b);
      const r = await scanStream(src, { format: 'legacy', legacy: { width, guest } });
      expect(r.diagnostics.filter((d) => d.message.includes('internal error'))).toEqual([]);
      expect(r.index.count).toBeLessThanOrEqual(b.length / 4 + 8);
      for (let i = 0; i < r.index.count; i++) await decodeEntry(src, r.index.get(i), r.facts);
    }),
    { numRuns: 1000 },
  );
});
