import { describe, expect, it } from 'vitest';
import { LegacyEntry } from '../../../src/decoder/legacy/constants.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { streamSource, type LegacySpec } from '../../../src/generator/index.ts';

/**
 * The scan of a big legacy image reads chunk headers and PFN arrays and skips the pages, as it
 * does for v2 streams: a 2 GiB image costs a few MiB of reads, about one read per batch. And a
 * cancelled scan stops promptly, keeping what it had indexed.
 */

describe('a 2 GiB legacy image', () => {
  it.each([
    ['PV, 64-bit toolstack', { guest: 'pv64', pages: 2 ** 19, vcpus: 4, pageContent: 'zero', legacy: { container: 'bare' } }],
    ['HVM in xl, 32-bit toolstack', { guest: 'hvm', pages: 2 ** 19, pageContent: 'zero', legacy: { toolstack: 32 } }],
  ] as [string, LegacySpec][])('%s is indexed from its headers and PFN arrays', async (_name, spec) => {
    const src = streamSource(spec);
    const r = await scanStream(src);
    expect(r.counts.error).toBe(0);
    expect(r.facts.complete).toBe(true);
    expect(r.facts.legacy).toMatchObject({ pages: 2 ** 19 - (spec.guest === 'hvm' ? 32 : 0), pageBatches: 512 });
    expect(r.size).toBeGreaterThan(2 * 2 ** 30);
    expect(r.bytesRead / r.size).toBeLessThan(0.01);
    expect(r.reads).toBeLessThan(512 * 2 + 64);
  });
});

it('a cancelled scan stops and keeps what it indexed', async () => {
  const abort = new AbortController();
  const r = await scanStream(streamSource({ guest: 'pv64', pages: 2 ** 16, batch: 64, pageContent: 'zero', legacy: {} }), {
    signal: abort.signal,
    progressMs: 0,
    onProgress: (p) => {
      if (p.records > 20) abort.abort();
    },
  });
  expect(r.cancelled).toBe(true);
  expect(r.index.count).toBeGreaterThan(20);
  expect(r.index.count).toBeLessThan(2 ** 16 / 64);
  expect(r.index.get(1).type).toBe(LegacyEntry.P2mSize);
});
