import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { summarize } from '../../../src/decoder/overview/IndexSummary.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream, buildSample, buildStream, planStream, SAMPLES, type StreamSpec } from '../../../src/generator/index.ts';
import { expandPageBatches } from '../../../src/generator/build.ts';
import { bodyLength, type RecordPiece } from '../../../src/generator/plan.ts';

/** The statistics panel and `inspect --stats`: counts that add up to what the generator wrote. */

async function statsOf(bytes: Uint8Array) {
  const r = await scanStream(new MemorySource(bytes));
  expect(r.counts.error).toBe(0);
  return summarize(r.index).statistics(r.facts);
}

describe('statistics', () => {
  it('records and bytes per type match the generated plan; pages and rounds add up', async () => {
    // PV 64-bit, 3 vCPUs, 128 PFNs in batches of 32, two rounds (the second: every 4th PFN).
    const spec: StreamSpec = { guest: 'pv64', pages: 128, batch: 32, vcpus: 3, image: { resend: [Array.from({ length: 32 }, (_, i) => 4 * i)] } };
    const s = await statsOf(buildStream(spec));
    const plan = planStream(spec);
    expandPageBatches(plan); // one piece per PAGE_DATA record, to count them here
    const libxc = plan.pieces.filter((p): p is RecordPiece => p.kind === 'record' && p.layer === 'libxc');
    const pageData = libxc.filter((p) => p.type === 1);
    expect(s.records['PAGE_DATA']).toEqual({ count: 4 + 1, bytes: pageData.reduce((n, p) => n + 8 + Math.ceil(bodyLength(p) / 8) * 8, 0) });
    expect(s.records['X86_PV_VCPU_BASIC']!.count).toBe(3);
    expect(s.records['xl header']!.count).toBe(1);
    expect(s.pages).toEqual({ records: 5, entries: 128 + 32, withData: 128 + 32 });
    expect(s.rounds.map((r) => r.pfns)).toEqual([128, 32]);
    expect(s.vcpus).toBe(3);
    expect(s.checkpoints).toBe(0);
    // The largest records, biggest first: the four full PAGE_DATA records of round 0.
    expect(s.largest).toHaveLength(10);
    expect(s.largest.slice(0, 4).map((x) => x.name)).toEqual(Array(4).fill('PAGE_DATA'));
    for (let i = 1; i < s.largest.length; i++) expect(s.largest[i]!.length).toBeLessThanOrEqual(s.largest[i - 1]!.length);
  });

  it('an HVM guest: the vCPUs its HVM context holds state for', async () => {
    const s = await statsOf(buildStream({ guest: 'hvm', pages: 16, vcpus: 4 }));
    expect(s.vcpus).toBe(4);
  });

  it('a Remus stream: five checkpoints, one round each', async () => {
    const s = await statsOf(buildStream({ guest: 'hvm', pages: 64, batch: 16, checkpoints: 5 }));
    expect(s.checkpoints).toBe(5);
    expect(s.rounds.map((r) => r.checkpoint)).toEqual([0, 1, 2, 3, 4]);
    expect(s.records['CHECKPOINT']!.count).toBe(5);
  });

  it('a legacy PV stream: page batches, and the vCPUs of its tail', async () => {
    const s = await statsOf(buildLegacyStream({ guest: 'pv64', pages: 64, batch: 16, vcpus: 2, legacy: {} }));
    expect(s.pages.records).toBe(4);
    expect(s.pages.withData).toBe(64);
    expect(s.vcpus).toBe(2);
  });

  it('the memory the highest PFN implies, when the per-PFN census is given', async () => {
    const r = await scanStream(new MemorySource(buildStream({ guest: 'hvm', pages: 16 })));
    const s = summarize(r.index).statistics(r.facts, { distinct: 16, max: 15, named: 16, resent: 0, types: { NOTAB: 16 } });
    expect(s.pfns).toMatchObject({ distinct: 16, max: 15, memoryBytes: 16 * 4096 });
  });

  /** Streams of more entries than the scan takes into its sums at once, so that it does so mid-scan. */
  const many: [string, Uint8Array][] = [
    ['1500 one-page records, two rounds', buildStream({ guest: 'hvm', pages: 1500, batch: 1, image: { resend: [Array.from({ length: 400 }, (_, i) => 3 * i)] } })],
    ['160 checkpoints', buildStream({ guest: 'pv64', pages: 64, batch: 4, checkpoints: 160 })],
    ['a legacy stream of 1500 one-page batches', buildLegacyStream({ guest: 'pv64', pages: 1500, batch: 1, legacy: {} })],
  ];
  const samples: [string, Uint8Array][] = SAMPLES.map((x) => [`the ${x.name} sample`, buildSample(x.name)]);

  it.each([...samples, ...many])('the sums the scan keeps as it goes are those of the finished index: %s, whole and cut short', async (_, bytes) => {
    // Entries are taken in once settled (a new one added after them); a cut makes the scan shorten its last entry and stop early.
    for (const cut of [bytes.length, Math.floor(bytes.length * 0.6), Math.floor(bytes.length * 0.3) + 5]) {
      const r = await scanStream(new MemorySource(bytes.subarray(0, cut)), { summary: true });
      const kept = r.summary!.statistics(r.facts);
      expect(kept).toEqual(summarize(r.index).statistics(r.facts));
      expect(Object.values(kept.records).reduce((n, x) => n + x.count, 0)).toBe(r.index.count);
      expect(r.summary!.count).toBe(r.index.count);
    }
  });
});
