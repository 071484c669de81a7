import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { Chunk } from '../../../src/decoder/legacy/constants.ts';
import { entryName } from '../../../src/decoder/names.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { dv } from '../../../src/generator/bytes.ts';
import { concatChunks } from '../../../src/generator/chunks.ts';
import { planLegacyStream, type LegacySpec } from '../../../src/generator/index.ts';
import * as body from '../../../src/generator/legacy/bodies.ts';
import { chunk, chunkPiece, insertBefore, legacyPlanChunks, piece, pieces, remove, type LegacyPlan } from '../../../src/generator/legacy/plan.ts';

/**
 * Legacy diagnostics at the byte they are about, and the cases the fault table does not build:
 * values the 4.5 restorer and the converter read differently, malformed compressed pages, and
 * decoding that stops where the stream can no longer be framed, keeping what came before.
 */

interface Scanned {
  r: ScanResult;
  /** Offset of the nth entry with this name. */
  at(name: string, nth?: number): number;
  ids: string[];
  errors: string[];
}

async function scanPlan(spec: LegacySpec, edit: (p: LegacyPlan) => void = () => {}): Promise<Scanned> {
  const plan = planLegacyStream(spec);
  edit(plan);
  const r = await scanStream(new MemorySource(concatChunks(legacyPlanChunks(plan))));
  expect(r.diagnostics.filter((d) => d.message.includes('internal error'))).toEqual([]);
  const names = Array.from({ length: r.index.count }, (_, i) => r.index.get(i)).map((e) => ({ name: entryName(e.layer, e.type, e.flags), offset: e.offset }));
  return {
    r,
    at: (name, nth = 0) => names.filter((n) => n.name === name)[nth]!.offset,
    ids: r.diagnostics.map((d) => d.id),
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.id),
  };
}

const diag = (s: Scanned, id: string) => {
  const d = s.r.diagnostics.find((x) => x.id === id);
  if (!d) throw new Error(`no ${id} in ${s.ids.join(', ')}`);
  return d;
};

const PV: LegacySpec = { guest: 'pv64', pages: 64, batch: 32, legacy: { container: 'bare' } };

describe('diagnostics point at the bytes they are about', () => {
  it('an oversized batch at its chunk id, an out-of-range PFN at its entry', async () => {
    const s = await scanPlan({ ...PV, pages: 1100, batch: 1024, legacy: { container: 'bare', faults: ['LEGACY_BATCH_TOO_LARGE', 'LEGACY_PFN_RANGE'] } });
    expect(diag(s, 'LEGACY_BATCH_TOO_LARGE')).toMatchObject({ offset: s.at('page batch'), length: 4 });
    expect(diag(s, 'LEGACY_PFN_RANGE')).toMatchObject({ offset: s.at('page batch') + 4, length: 8 });
    expect(diag(s, 'LEGACY_PFN_RANGE').message).toMatch(/^pfn\[0\] is 0x44c, not below p2m_size 0x44c/);
  });

  it('a bad P2M frame at its word, a bad XSAVE size at its size field, too many unmapped PFNs at the count', async () => {
    const frame = await scanPlan({ ...PV, legacy: { container: 'bare', faults: ['LEGACY_P2M_FRAME_RANGE'] } });
    expect(diag(frame, 'LEGACY_P2M_FRAME_RANGE').offset).toBe(frame.at('P2M frame list'));
    const xsave = await scanPlan({ ...PV, legacy: { container: 'bare', faults: ['LEGACY_XSAVE_SIZE'] } });
    expect(diag(xsave, 'LEGACY_XSAVE_SIZE').offset).toBe(xsave.at('vCPU XSAVE') + 8);
    const unmapped = await scanPlan({ ...PV, legacy: { container: 'bare', faults: ['LEGACY_UNMAPPED_TOO_MANY'] } });
    expect(diag(unmapped, 'LEGACY_UNMAPPED_TOO_MANY').offset).toBe(unmapped.at('unmapped PFNs'));
  });

  it('many bad entries in one batch are one diagnostic with a count', async () => {
    const s = await scanPlan(PV, (p) => {
      const e = piece(p, 'batch').entries!;
      for (let i = 0; i < 5; i++) e[i] = (e[i]! & 0x0fffffffn) | (6n << 28n);
    });
    expect(s.ids.filter((id) => id === 'LEGACY_PAGE_TYPE')).toHaveLength(1);
    expect(diag(s, 'LEGACY_PAGE_TYPE').message).toMatch(/\(and 4 more entries\)$/);
  });
});

describe('where the 4.5 restorer and the converter read a stream differently, the restorer is followed', () => {
  it('max_vcpu_id -1: one map word read, no vCPU contexts in the tail', async () => {
    const s = await scanPlan(PV, (p) => {
      chunk(p, Chunk.VCPU_INFO).bytes = body.vcpuInfoChunk(-1, []);
      for (const x of [...pieces(p, 'vcpu basic'), ...pieces(p, 'vcpu extended'), ...pieces(p, 'vcpu xsave')]) remove(p, x);
    });
    expect(s.errors).toEqual(['LEGACY_VCPU_ID_RANGE']);
    expect(diag(s, 'LEGACY_VCPU_ID_RANGE')).toMatchObject({ offset: s.at('VCPU_INFO') + 4 });
    expect(diag(s, 'LEGACY_VCPU_ID_RANGE').message).toMatch(/reads 1 map word\(s\), where convert-legacy-stream reads 0/);
    expect(s.r.facts.complete).toBe(true);
  });

  it('an "xcnt" block of 8 bytes is framed as the converter reads it, and called out as the restorer misreads it', async () => {
    const s = await scanPlan({ ...PV, legacy: { container: 'bare', faults: ['LEGACY_XCNT_SIZE'] } });
    expect(s.errors).toEqual(['LEGACY_XCNT_SIZE']);
    expect(s.r.facts.complete).toBe(true);
  });

  it('an XSAVE record size below its own header', async () => {
    const s = await scanPlan(PV, (p) => {
      const ext = piece(p, 'extended info');
      dv(ext.bytes).setUint32(ext.bytes.length - 4, 8, true);
      for (const x of pieces(p, 'vcpu xsave')) x.bytes = new Uint8Array(8);
    });
    expect(s.errors).toEqual(['LEGACY_XSAVE_SIZE']);
    expect(s.r.facts.complete).toBe(true);
  });
});

describe('Remus compression', () => {
  const REMUS: LegacySpec = { guest: 'pv64', pages: 64, batch: 32, checkpoints: 2, legacy: { container: 'bare', compression: true } };

  it('compressed pages are counted across COMPRESSED_DATA chunks: a valid stream has no errors', async () => {
    expect((await scanPlan(REMUS)).errors).toEqual([]);
  });

  it('a zero-length run inside a page is an error at that byte', async () => {
    const s = await scanPlan(REMUS, (p) => {
      const data = new Uint8Array([0x01, 1, 2, 3, 4, 0x80]);
      chunk(p, Chunk.COMPRESSED_DATA, 0).bytes = body.compressedDataChunk(8, data);
      remove(p, chunk(p, Chunk.COMPRESSED_DATA, 1));
    });
    const d = diag(s, 'LEGACY_COMPRESSION_MISMATCH');
    expect(d.message).toMatch(/zero-length run marker 0x80 inside page 0/);
    expect(d.offset).toBe(s.at('COMPRESSED_DATA') + 12 + 5);
  });

  it('COMPRESSED_DATA in a checkpoint whose pages are not compressed', async () => {
    const s = await scanPlan(PV, (p) => insertBefore(p, chunk(p, 0), chunkPiece(Chunk.COMPRESSED_DATA, body.compressedDataChunk(8, new Uint8Array([0])), 0)));
    expect(diag(s, 'LEGACY_COMPRESSION_MISMATCH').message).toMatch(/whose pages are not compressed/);
  });
});

describe('libxl toolstack data', () => {
  const HVM: LegacySpec = { guest: 'hvm', pages: 32, legacy: { container: 'bare' } };

  it('too short for its header, or for the entries its count promises', async () => {
    const short = await scanPlan(HVM, (p) => (chunk(p, Chunk.TOOLSTACK).bytes = body.toolstackChunk(new Uint8Array(4))));
    expect(diag(short, 'LEGACY_TOOLSTACK_MALFORMED').message).toMatch(/too short for its version and count/);
    const count = await scanPlan(HVM, (p) => {
      const blob = body.physmapBlob(8, []);
      dv(blob).setUint32(4, 3, true);
      chunk(p, Chunk.TOOLSTACK).bytes = body.toolstackChunk(blob);
    });
    expect(diag(count, 'LEGACY_TOOLSTACK_MALFORMED').message).toMatch(/3 physmap entries need at least 104 bytes on a 64-bit toolstack/);
  });
});

describe('decoding stops where the stream cannot be framed, keeping what came before', () => {
  it('an unknown chunk id', async () => {
    const s = await scanPlan(PV, (p) => insertBefore(p, chunk(p, Chunk.VCPU_INFO), chunkPiece(-99, body.marker(-99), 0)));
    expect(s.errors).toEqual(['LEGACY_CHUNK_UNKNOWN']);
    expect(diag(s, 'LEGACY_CHUNK_UNKNOWN').message).toMatch(/chunk id -99 .* decoding stops here/);
    expect(s.at('page batch', 1)).toBeGreaterThan(0);
    expect(s.r.facts.complete).toBe(false);
    expect(s.ids).not.toContain('TRAILING_DATA');
  });

  it('a "batch" of millions of pages, without reading its megabytes of entries', async () => {
    const s = await scanPlan(PV, (p) => {
      insertBefore(p, chunk(p, Chunk.VCPU_INFO), chunkPiece(2 ** 20 + 1, body.marker(2 ** 20 + 1), 0));
      p.pieces.push({ name: 'trailer', checkpoint: 0, bytes: new Uint8Array(9 << 20) });
    });
    expect(s.errors).toEqual(['LEGACY_BATCH_TOO_LARGE', 'STREAM_UNREADABLE']);
    expect(s.r.bytesRead).toBeLessThan(1 << 20);
    expect(s.r.facts.complete).toBe(false);
  });

  it('an unknown QEMU signature', async () => {
    const s = await scanPlan({ guest: 'hvm', pages: 32, legacy: { container: 'bare', faults: ['LEGACY_QEMU_SIGNATURE'] } });
    expect(s.errors).toEqual(['LEGACY_QEMU_SIGNATURE']);
    expect(s.r.facts.complete).toBe(false);
    expect(s.at('HVM context')).toBeGreaterThan(0);
  });

  it('a TMEM chunk cut short by the end of the file is truncation at the end of the file', async () => {
    const s = await scanPlan({ ...PV, legacy: { container: 'bare', tmem: true } }, (p) => (p.cut = { piece: chunk(p, Chunk.TMEM), within: 100 }));
    expect(s.errors).toEqual(['ANY_TRUNCATED']);
    expect(diag(s, 'ANY_TRUNCATED').offset).toBe(s.r.size);
    expect(diag(s, 'ANY_TRUNCATED').message).toMatch(/into the TMEM chunk/);
  });
});

it('an xl header claiming STREAMv2 over a legacy stream: the mismatch is reported and the legacy stream decoded', async () => {
  const s = await scanPlan({ guest: 'pv64', pages: 32, legacy: {} }, (p) => dv(piece(p, 'container').bytes).setUint32(36, 3, true));
  expect(s.errors).toEqual(['XL_STREAM_MISMATCH']);
  expect(diag(s, 'XL_STREAM_MISMATCH').message).toMatch(/looks like a legacy \(pre-4\.6\) stream/);
  expect(s.r.facts.containers).toEqual(['xl', 'legacy']);
  expect(s.r.facts.complete).toBe(true);
});
