import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { summarize } from '../../../src/decoder/overview/IndexSummary.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream, buildStream, type StreamSpec } from '../../../src/generator/index.ts';

/**
 * Rounds as the Rounds chart and `inspect --stats` show them: a new round wherever the PFNs go
 * back down (the saver starts each round from PFN 0) or a checkpoint begins.
 */

async function roundsOf(bytes: Uint8Array) {
  const r = await scanStream(new MemorySource(bytes));
  expect(r.counts.error).toBe(0);
  return { rounds: summarize(r.index).rounds(), index: r.index };
}

const shape = (rs: { checkpoint: number; records: number; pfns: number; pages: number; minPfn: number; maxPfn: number }[]) =>
  rs.map(({ checkpoint, records, pfns, pages, minPfn, maxPfn }) => ({ checkpoint, records, pfns, pages, minPfn, maxPfn }));

describe('rounds', () => {
  it('a live migration in three rounds with shrinking dirty sets', async () => {
    // HVM, 256 PFNs in batches of 32; PFNs 0xa0-0xbf are the VGA hole (XTAB: no data).
    // Round 0 sends all 256, round 1 the multiples of 4 (64), round 2 the multiples of 16 (16).
    const all = Array.from({ length: 256 }, (_, pfn) => pfn);
    const spec: StreamSpec = { guest: 'hvm', pages: 256, batch: 32, image: { resend: [all.filter((p) => p % 4 === 0), all.filter((p) => p % 16 === 0)] } };
    const { rounds, index } = await roundsOf(buildStream(spec));
    expect(shape(rounds)).toEqual([
      { checkpoint: 0, records: 8, pfns: 256, pages: 224, minPfn: 0, maxPfn: 255 },
      { checkpoint: 0, records: 2, pfns: 64, pages: 56, minPfn: 0, maxPfn: 252 },
      { checkpoint: 0, records: 1, pfns: 16, pages: 14, minPfn: 0, maxPfn: 240 },
    ]);
    // Each round's bytes are its records' bytes; rounds follow each other record by record.
    for (const r of rounds) {
      let bytes = 0;
      for (let i = r.firstRecord; i <= r.lastRecord; i++) bytes += index.length(i);
      expect(r.bytes).toBe(bytes);
      expect(r.end).toBe(index.offset(r.lastRecord) + index.length(r.lastRecord));
    }
    expect(rounds[1]!.firstRecord).toBe(rounds[0]!.lastRecord + 1);
    // Record header, PAGE_DATA header, 16 PFN entries, 14 pages.
    expect(rounds[2]!.bytes).toBe(8 + 8 + 16 * 8 + 14 * 4096);
  });

  it('a Remus stream of five checkpoints: one round per checkpoint', async () => {
    // 64 PFNs in batches of 16: checkpoint 0 sends all (4 records), checkpoint c ≥ 1 the PFNs
    // ≡ c mod 8 (8 PFNs, 1 record).
    const { rounds } = await roundsOf(buildStream({ guest: 'hvm', pages: 64, batch: 16, checkpoints: 5 }));
    expect(shape(rounds)).toEqual([
      { checkpoint: 0, records: 4, pfns: 64, pages: 64, minPfn: 0, maxPfn: 63 },
      ...[1, 2, 3, 4].map((c) => ({ checkpoint: c, records: 1, pfns: 8, pages: 8, minPfn: c, maxPfn: 56 + c })),
    ]);
  });

  it('a legacy stream: its page batches make one round', async () => {
    // A PV save's last batch also carries two fillers (pages the saver could not map): 66 entries.
    const { rounds } = await roundsOf(buildLegacyStream({ guest: 'pv64', pages: 64, batch: 16, legacy: {} }));
    expect(shape(rounds)).toEqual([{ checkpoint: 0, records: 4, pfns: 66, pages: 64, minPfn: 0, maxPfn: 63 }]);
  });

  it('a guest with a hole in its PFN space: one round spanning the hole', async () => {
    // PFNs 0-255 and 768-1023 in batches of 128: four records, none of them in the hole.
    const hole = Array.from({ length: 512 }, (_, i) => 256 + i);
    const { rounds } = await roundsOf(buildStream({ guest: 'hvm', pages: 1024, batch: 128, image: { omit: hole } }));
    expect(shape(rounds)).toEqual([{ checkpoint: 0, records: 4, pfns: 512, pages: 512 - 32, minPfn: 0, maxPfn: 1023 }]);
  });
});
