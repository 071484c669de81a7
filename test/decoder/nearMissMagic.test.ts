import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../src/generator/index.ts';

/**
 * A file whose magic is one or two bytes off is decoded as that format, with a MAGIC_NEAR_MISS
 * error on each differing byte, not called unknown or read as a legacy stream; three bytes off
 * is no longer that format. Fixtures: valid generated streams with bytes of a magic changed.
 */

async function scanWith(spec: StreamSpec, changes: Record<number, number>) {
  const intact = buildStream(spec);
  const bytes = intact.slice();
  for (const [at, value] of Object.entries(changes)) bytes[Number(at)] = value;
  const [full, broken] = await Promise.all([scanStream(new MemorySource(intact)), scanStream(new MemorySource(bytes))]);
  const nearMiss = broken.diagnostics.filter((d) => d.id === 'MAGIC_NEAR_MISS').map((d) => d.offset);
  return { full, broken, nearMiss };
}

describe('near-miss magics', () => {
  it('reads an xl file with one letter of its magic wrong as xl, every record kept', async () => {
    // "Xen saved domain, xl format" → "Xen saveD domain, xl format".
    const { full, broken, nearMiss } = await scanWith({ pages: 4 }, { 8: 0x44 });
    expect(broken.format).toBe('xl');
    expect(nearMiss).toEqual([8]);
    expect(broken.index.count).toBe(full.index.count);
    expect(broken.diagnostics.map((d) => d.id)).not.toContain('FORMAT_UNKNOWN');
  });

  it('reads two wrong bytes as a near miss, three as an unknown file', async () => {
    expect((await scanWith({ pages: 4 }, { 0: 0x78, 20: 0x58 })).nearMiss).toEqual([0, 20]);
    const three = await scanWith({ pages: 4 }, { 0: 0x78, 20: 0x58, 25: 0x41 });
    expect(three.broken.format).toBe('unknown');
  });

  it('reads a bare libxl stream with "LibxlFmt" one byte off as libxl', async () => {
    const { full, broken, nearMiss } = await scanWith({ container: 'libxl', pages: 4 }, { 5: 0x66 });
    expect(broken.format).toBe('libxl');
    expect(nearMiss).toEqual([5]);
    expect(broken.index.count).toBe(full.index.count);
  });

  it('reads a bare libxc image header with a wrong id byte as libxc, not as a legacy stream', async () => {
    // "XENF" → "XENE": the legacy heuristic takes the all-ones marker for a 32-bit PV signature.
    const { full, broken, nearMiss } = await scanWith({ container: 'libxc', guest: 'pv64', pages: 4 }, { 11: 0x45 });
    expect(broken.format).toBe('libxc');
    expect(broken.facts.legacy).toBeUndefined();
    expect(nearMiss).toEqual([11]);
    expect(broken.diagnostics.map((d) => d.id)).toContain('IHDR_BAD_ID');
    expect(broken.index.count).toBe(full.index.count);
  });

  it('keeps decoding past a libxc image header one byte off inside an xl file', async () => {
    const intact = buildStream({ pages: 4 });
    const at = intact.findIndex((_, i) => intact.subarray(i, i + 12).every((b, k) => b === (k < 8 ? 0xff : 'XENF'.charCodeAt(k - 8))));
    const { full, broken, nearMiss } = await scanWith({ pages: 4 }, { [at + 3]: 0x7f });
    expect(nearMiss).toEqual([at + 3]);
    expect(broken.index.count).toBe(full.index.count);
  });
});
