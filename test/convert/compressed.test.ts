import { describe, expect, it } from 'vitest';
import { convertLegacy, ConversionRefused } from '../../src/convert/convertLegacy.ts';
import type { ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import { PAGE_SIZE } from '../../src/decoder/core/sizes.ts';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { Chunk, chunkEntryType, FILLER_ENTRY, legacyPageHasData } from '../../src/decoder/legacy/constants.ts';
import { NO_COPY } from '../../src/decoder/core/pageSink.ts';
import { PlanSource } from '../../src/decoder/output/PlanSource.ts';
import { MemoryReader } from '../../src/decoder/memory/MemoryReader.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { buildLegacyStream, planLegacyStream, type LegacySpec } from '../../src/generator/index.ts';
import { patternPage } from '../../src/generator/bodies.ts';
import { REMUS_DELTA_WORDS, remusDeltaWords, remusFullPage } from '../../src/generator/legacy/bodies.ts';
import { dv } from '../../src/generator/bytes.ts';
import { concatChunks } from '../../src/generator/chunks.ts';
import { chunk, entryPfn, entryType, legacyPlanChunks, pieces, type LegacyPlan } from '../../src/generator/legacy/plan.ts';

/**
 * Converting compressed Remus streams: after the first checkpoint, the generator's checkpoints
 * send their pages compressed, as full pages, unchanged markers and deltas in turn. Converted at
 * any checkpoint, the output must hold the guest's memory as of that checkpoint.
 */

/**
 * The page contents the generator intends as of each checkpoint (index from 0), worked out from
 * its plan: checkpoint 0 sends every page in full (its pattern page); each later one sends the
 * PFNs of its batches compressed, the i-th page with data being a full page of new contents, an
 * unchanged marker or a delta of three words, by (i + checkpoint) mod 3.
 */
function intendedMemory(spec: LegacySpec): Map<number, Uint8Array | null>[] {
  const plan = planLegacyStream(spec);
  const memory = new Map<number, Uint8Array | null>();
  const states: Map<number, Uint8Array | null>[] = [];
  for (let cp = 0; cp < spec.checkpoints!; cp++) {
    const sent = plan.pieces.filter((p) => p.name === 'batch' && p.checkpoint === cp).flatMap((p) => p.entries!.filter((e) => e !== BigInt(FILLER_ENTRY)));
    let i = 0;
    for (const e of sent) {
      const pfn = entryPfn(e);
      if (!legacyPageHasData(entryType(e))) {
        memory.set(pfn, null);
        continue;
      }
      const kind = cp === 0 ? 0 : (i++ + cp) % 3;
      if (kind === 0) memory.set(pfn, cp === 0 ? patternPage(pfn) : remusFullPage(pfn, cp));
      if (kind === 2) {
        const page = memory.get(pfn)!.slice();
        remusDeltaWords(pfn, cp).forEach((w, k) => dv(page).setUint32(REMUS_DELTA_WORDS[k]! * 4, w, true));
        memory.set(pfn, page);
      }
    }
    states.push(new Map(memory));
  }
  return states;
}

/** Every page of a v2 stream, by PFN (null: an entry without data). */
async function outputPages(output: ByteSource): Promise<Map<number, Uint8Array | null>> {
  const scan = await scanStream(output, { memory: true });
  const pages = new Map<number, Uint8Array | null>();
  for (const c of scan.memory!.usedChunks()) {
    for (let i = 0; i < c.sent.length; i++) {
      if (c.sent[i] === 0) continue;
      const at = c.offsets[i]!;
      pages.set(c.base + i, at === NO_COPY ? null : (await output.read(at, PAGE_SIZE)).slice());
    }
  }
  return pages;
}

/** Same page, or both without data (Buffer.equals: a deep toEqual of thousands of 4 KiB pages is slow). */
const same = (a: Uint8Array | null | undefined, b: Uint8Array | null) => (a && b ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b) : a === b);

describe('a compressed Remus stream converts at every checkpoint', () => {
  const cases: Record<string, LegacySpec> = {
    // Ten checkpoints: each PFN of 8k+1 is sent compressed twice (checkpoints 1 and 9), as a different kind each time.
    'PV 64-bit guest, 64-bit toolstack, pages resent compressed': { guest: 'pv64', pages: 64, batch: 16, checkpoints: 10, legacy: { container: 'bare', compression: true } },
    'PV 32-bit guest, 32-bit toolstack (4-byte chunk lengths)': { guest: 'pv32', pages: 96, batch: 64, checkpoints: 3, legacy: { container: 'bare', toolstack: 32, compression: true } },
    // PFNs 0xa0-0xbf are unmapped (XTAB) in an HVM guest: entries without data between compressed ones.
    'HVM, xl container': { guest: 'hvm', pages: 256, batch: 64, checkpoints: 3, legacy: { container: 'xl', compression: true } },
  };
  for (const [name, spec] of Object.entries(cases)) {
    it.concurrent(name, async () => {
      const source = new MemorySource(buildLegacyStream(spec));
      const scan = await scanStream(source);
      const intended = intendedMemory(spec);
      for (let checkpoint = 1; checkpoint <= spec.checkpoints!; checkpoint++) {
        const c = await convertLegacy(source, scan, { checkpoint });
        expect(c.verified.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const pages = await outputPages(new PlanSource(c.plan, source, 'converted'));
        const want = intended[checkpoint - 1]!;
        expect([...pages.keys()].sort((a, b) => a - b), `checkpoint ${checkpoint}`).toEqual([...want.keys()].sort((a, b) => a - b));
        for (const [pfn, page] of want) expect(same(pages.get(pfn), page), `checkpoint ${checkpoint}, PFN ${pfn}`).toBe(true);
      }
    });
  }

  it('the Memory view of the compressed stream says to convert, and the converted stream reads the page', async () => {
    // PFN 1 is the first page checkpoint 2 sends compressed.
    const spec: LegacySpec = { guest: 'pv64', pages: 64, batch: 16, checkpoints: 2, legacy: { container: 'bare', compression: true } };
    const source = new MemorySource(buildLegacyStream(spec));
    const scan = await scanStream(source, { memory: true });
    const there = await new MemoryReader(source, scan.memory!).readPage(1);
    expect(there).toEqual({ ok: false, reason: expect.stringMatching(/^PFN 0x1 was last sent compressed .*Convert to v2… \(or xen-stream convert\) decompresses it/) });
    const converted = new PlanSource((await convertLegacy(source, scan)).plan, source, 'converted');
    const read = await new MemoryReader(converted, (await scanStream(converted, { memory: true })).memory!).readPage(1);
    expect(read.ok && same(read.bytes, intendedMemory(spec)[1]!.get(1)!)).toBe(true);
  });

  it('only the delta pages are held in memory: full and unchanged ones stay slices of the input', async () => {
    const spec: LegacySpec = { guest: 'pv64', pages: 64, batch: 16, checkpoints: 2, legacy: { container: 'bare', compression: true } };
    const source = new MemorySource(buildLegacyStream(spec));
    const c = await convertLegacy(source, await scanStream(source));
    // Checkpoint 2 sends PFNs 1, 9, …, 57: by turn full, unchanged, delta, so three of the eight are deltas.
    const made = c.plan.pieces.filter((p) => p.kind === 'bytes' && p.bytes.length === PAGE_SIZE);
    expect(made.length).toBe(3);
  });
});

/** The plan of `spec` edited by `edit`, as an in-memory stream with its scan. */
async function editedStream(spec: LegacySpec, edit: (p: LegacyPlan) => void) {
  const plan = planLegacyStream(spec);
  edit(plan);
  const source = new MemorySource(concatChunks(legacyPlanChunks(plan)));
  return { source, scan: await scanStream(source) };
}

/** The refusal convertLegacy throws. */
async function refusal(run: Promise<unknown>): Promise<ConversionRefused> {
  const e = await run.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConversionRefused);
  return e as ConversionRefused;
}

describe('corrupt compressed pages are refused at their offset', () => {
  const spec: LegacySpec = { guest: 'pv64', pages: 64, batch: 16, checkpoints: 3, legacy: { container: 'bare', compression: true } };
  /** Checkpoint 2's first COMPRESSED_DATA chunk, and where its data starts in the file (after the id and the 8-byte length). */
  const firstData = (scan: ScanResult) => {
    const e = Array.from({ length: scan.index.count }, (_, i) => scan.index.get(i)).find((x) => x.type === chunkEntryType(Chunk.COMPRESSED_DATA))!;
    return e.offset + 12;
  };

  it('a run marker going past the end of its page', async () => {
    // Checkpoint 2's pages: unchanged (1 byte), then a delta: copy 1 word, skip 511 (5 markers), copy 2 words,
    // skip 510 (4 × 127 + 2): its last marker, at data byte 1 + 1 + 4 + 5 + 1 + 8 + 4, made to skip 3 words.
    const last = 1 + 1 + 4 + 5 + 1 + 8 + 4;
    const { source, scan } = await editedStream(spec, (p) => {
      const c = chunk(p, Chunk.COMPRESSED_DATA, 0);
      expect(c.bytes[12 + last]).toBe(0x82);
      c.bytes[12 + last] = 0x83;
    });
    const e = await refusal(convertLegacy(source, scan, { checkpoint: 2 }));
    expect(e.message).toMatch(/LEGACY_COMPRESSION_MISMATCH: compressed page data is malformed: run marker 0x83 goes past the end of page 1/);
    expect(e.offset).toBe(firstData(scan) + last);
  });

  for (const [pfn, kind] of [
    [1, 'marked unchanged, but no earlier checkpoint sent that page'],
    [9, 'a delta, but no earlier checkpoint sent the page it changes'],
  ] as const) {
    it(`${kind.startsWith('marked') ? 'an unchanged page' : 'a delta'} whose PFN no earlier checkpoint sent with data`, async () => {
      // Checkpoint 1 sends the PFN as unmapped (XTAB, no data); checkpoint 2 sends PFN 1 as its first page (unchanged), PFN 9 as its second (a delta).
      const { source, scan } = await editedStream(spec, (p) => {
        const b = pieces(p, 'batch', 0)[0]!;
        b.entries![pfn] = (0xfn << 28n) | BigInt(pfn);
      });
      expect(scan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const e = await refusal(convertLegacy(source, scan, { checkpoint: 2 }));
      const index = pfn === 1 ? 0 : 1;
      expect(e.message).toBe(`compressed page ${index} (PFN 0x${pfn.toString(16)}) is ${kind}`);
      expect(e.offset).toBe(firstData(scan) + index);
    });
  }
});
