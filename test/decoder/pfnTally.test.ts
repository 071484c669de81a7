import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import type { ReadingStrategy } from '../../src/decoder/bytes/WindowedReader.ts';
import { NO_COPY } from '../../src/decoder/core/pageSink.ts';
import { pageTypeHasData, pageTypeInvalid } from '../../src/decoder/core/pageTypes.ts';
import { PAGE_SIZE } from '../../src/decoder/core/sizes.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { PfnTally } from '../../src/decoder/libxc/pageData.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { EntryFlag } from '../../src/decoder/model/RecordIndex.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../src/generator/index.ts';

/**
 * The libxc scan keeps one PFN tally for all its PAGE_DATA records and starts it afresh for each:
 * what one record's entries hold (their problems, count, pages and PFN range) must be reported
 * for that record only, never for the records after it.
 */

const PAGE_ENTRY_CHECKS = ['PAGE_DATA_PFN_RESERVED', 'PAGE_DATA_BAD_TYPE', 'R_PAGE_DATA_PFN_RANGE'];

/** A PV stream (so PFNs are checked against the P2M size) of 4-entry PAGE_DATA records. */
const CLEAN: StreamSpec = { guest: 'pv64', pages: 64, batch: 4 };
/** The same with the first PAGE_DATA record's first entry bad three ways: reserved bits, page type 8, a PFN beyond the P2M. */
const FIRST_BAD: StreamSpec = { ...CLEAN, faults: PAGE_ENTRY_CHECKS };

/** Records read from the reader's window (the default) and, with a window smaller than a record, PFN arrays read apart. */
const READINGS: [string, Partial<ReadingStrategy> | undefined][] = [
  ['records in the window', undefined],
  ['PFN arrays read apart', { minWindow: 16, maxWindow: 16, seekCost: 0 }],
];

const scan = (spec: StreamSpec, reading?: Partial<ReadingStrategy>) => scanStream(new MemorySource(buildStream(spec)), { reading });

function pageRecords(r: ScanResult): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.index.count; i++) {
    if (r.index.layer(i) === Layer.Libxc && !(r.index.flags(i) & EntryFlag.Header) && r.index.type(i) === Rec.PAGE_DATA) out.push(i);
  }
  return out;
}

const auxOf = (r: ScanResult, i: number) => [0, 1, 2, 3].map((k) => r.index.aux(i, k));

describe('PAGE_DATA entries are tallied per record', () => {
  for (const [name, reading] of READINGS) {
    it(`reports a bad entry for its own record only (${name})`, async () => {
      const bad = await scan(FIRST_BAD, reading);
      const clean = await scan(CLEAN, reading);
      const records = pageRecords(bad);
      expect(records.length).toBeGreaterThan(10);
      expect(pageRecords(clean)).toEqual(records);
      const [first, ...rest] = records;
      // Each problem once, on the first record, naming its first entry.
      for (const id of PAGE_ENTRY_CHECKS) {
        const found = bad.diagnostics.filter((d) => d.id === id);
        expect(found.map((d) => [d.record, d.message.startsWith('pfn[0]')])).toEqual([[first, true]]);
      }
      // The records after it: no problem about their entries, and the numbers a clean stream gives them.
      const later = new Set(rest);
      expect(bad.diagnostics.filter((d) => later.has(d.record) && d.id.includes('PAGE_DATA'))).toEqual([]);
      expect(rest.map((i) => auxOf(bad, i))).toEqual(rest.map((i) => auxOf(clean, i)));
    });
  }
});

describe('PfnTally over runs of consecutive PFNs', () => {
  /**
   * Entries in stretches: a start PFN (some just below a 2^32 boundary, where the low word
   * carries), a length, a type nibble (data, no data, invalid) and maybe a reserved bit. The
   * tally adds the stretches of one type in one go; its totals and the runs it hands the model
   * must be what the entries give one by one.
   */
  const stretch = fc.record({
    pfn: fc.oneof(fc.nat({ max: 5000 }), fc.integer({ min: 2 ** 32 - 6, max: 2 ** 32 + 3 })),
    length: fc.integer({ min: 1, max: 12 }),
    type: fc.constantFrom(0, 1, 2, 4, 5, 8, 9, 0xd, 0xf),
    reserved: fc.boolean(),
  });

  it('gives the totals and runs the entries give one by one', () => {
    fc.assert(
      fc.property(fc.array(stretch, { minLength: 1, maxLength: 12 }), fc.nat({ max: 7 }), (stretches, lead) => {
        const entries = stretches.flatMap((s) => Array.from({ length: s.length }, (_, k) => ({ pfn: s.pfn + k, type: s.type, reserved: s.reserved })));
        const bytes = new Uint8Array(lead + 8 * entries.length);
        const view = new DataView(bytes.buffer);
        entries.forEach((e, i) => {
          view.setUint32(lead + 8 * i, e.pfn % 2 ** 32, true);
          view.setUint32(lead + 8 * i + 4, ((e.type << 28) | (e.reserved ? 0x100000 : 0) | Math.floor(e.pfn / 2 ** 32)) >>> 0, true);
        });
        const runs: (number | null)[][] = [];
        const tally = new PfnTally({ addRun: (pfn, count, type, at) => runs.push([pfn, count, type, at]) });
        tally.start(null, 1 << 20).add(bytes, 0, lead, 0, entries.length);

        // One by one: runs join entries of valid types whose PFN follows on with the same type.
        const want: (number | null)[][] = [];
        let pages = 0;
        for (const e of entries) {
          if (pageTypeInvalid(e.type)) continue;
          const data = pageTypeHasData(e.type);
          if (data) pages++;
          const last = want.at(-1);
          if (last && e.pfn === last[0]! + last[1]! && e.type === last[2]) last[1] = last[1]! + 1;
          else want.push([e.pfn, 1, e.type, data ? (1 << 20) + PAGE_SIZE * (pages - 1) : NO_COPY]);
        }
        expect(runs).toEqual(want);
        expect([tally.entries, tally.pages, tally.minPfn, tally.maxPfn]).toEqual([entries.length, pages, Math.min(...entries.map((e) => e.pfn)), Math.max(...entries.map((e) => e.pfn))]);
      }),
      { numRuns: 300 },
    );
  });
});
