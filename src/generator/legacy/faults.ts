/**
 * Faults the generator can put into a legacy stream, one (at least) for every legacy check,
 * named by the check id it must trigger. Each edits a valid plan as little as possible, and says
 * what Xen 4.17's convert-legacy-stream does with the bare stream (the differential test holds
 * it to that): whether the fault only bites after conversion, or before it too.
 */
import type { CheckId } from '../../decoder/core/checks.ts';
import { Chunk, FILLER_ENTRY } from '../../decoder/legacy/constants.ts';
import { ascii, Bytes, dv } from '../bytes.ts';
import * as v2 from '../bodies.ts';
import type { StreamShape } from '../spec.ts';
import * as body from './bodies.ts';
import { VGA_PHYSMAP } from './build.ts';
import { bodyEnd, chunk, chunkPiece, insertBefore, piece, remove, type LegacyPlan } from './plan.ts';
import type { LegacyOptions, LegacySpec } from './spec.ts';

/** A legacy stream's shape: the shared fields and the legacy options (without faults). */
export type LegacyShape = StreamShape & { legacy?: Omit<LegacyOptions, 'faults'> };

export interface LegacyFault {
  description: string;
  base?: LegacyShape;
  /** Checks that must fire (others may fire too). Defaults to the fault's own name. */
  expect?: CheckId[];
  /**
   * What convert-legacy-stream (--format libxl, width and guest given) does with the bare
   * stream: converts it ('ok', rightly or not) or stops with an error ('fails'). Absent when the
   * fault lives in the container, which the converter is not given.
   */
  convert?: 'ok' | 'fails';
  apply(plan: LegacyPlan): void;
}

const PV: LegacyShape = { guest: 'pv64' };
const HVM: LegacyShape = { guest: 'hvm' };
const REMUS: LegacyShape = { guest: 'pv64', checkpoints: 3 };
const COMPRESSED: LegacyShape = { guest: 'pv64', checkpoints: 2, legacy: { compression: true } };
const TMEM: LegacyShape = { guest: 'pv64', legacy: { tmem: true } };

const u32 = (b: Uint8Array, at: number, v: number) => dv(b).setUint32(at, v >>> 0, true);
const firstBatch = (p: LegacyPlan) => piece(p, 'batch');
/** Index of the first entry of a batch that carries data. */
const dataEntry = (entries: bigint[]) => entries.findIndex((e) => (e >> 28n) < 0xdn);
const withType = (e: bigint, type: number) => (e & ~0xf0000000n) | (BigInt(type) << 28n);
/** Rebuilds the extended info from blocks edited by `edit` (size of each block recomputed). */
const extBlocks = (p: LegacyPlan, edit: (b: body.ExtBlock[]) => body.ExtBlock[], total?: (t: number) => number) => {
  const ext = piece(p, 'extended info');
  const w = p.width;
  const blocks: body.ExtBlock[] = [];
  for (let at = w + 4; at < ext.bytes.length; ) {
    const size = dv(ext.bytes).getUint32(at + 4, true);
    blocks.push({ id: String.fromCharCode(...ext.bytes.subarray(at, at + 4)), data: ext.bytes.slice(at + 8, at + 8 + size) });
    at += 8 + size;
  }
  const edited = edit(blocks);
  const sum = edited.reduce((n, b) => n + 8 + b.data.length, 0);
  ext.bytes = body.extendedInfo(w, edited, total ? total(sum) : sum);
};

export const LEGACY_FAULTS = {
  // --- how the stream is read
  LEGACY_SHAPE: { description: 'a valid legacy stream (how it was read is always reported)', convert: 'ok', apply: () => {} },
  LEGACY_GUEST_MISMATCH: {
    description: 'xl config says HVM over a PV stream',
    base: PV,
    apply: (p) => (piece(p, 'container').bytes = v2.xlHeader({ flags: 1, config: '{"c_info":{"type":"hvm","name":"wrong"},"b_info":{"max_vcpus":1}}\0' })),
  },
  LEGACY_CONVERT_WIDTH_32: { description: 'saved by a 32-bit toolstack', base: { guest: 'pv32', legacy: { toolstack: 32 } }, convert: 'ok', apply: () => {} },

  // --- header
  LEGACY_EXTINFO_OVERRUN: { description: 'extended-info total size 4 bytes short of its blocks', base: PV, convert: 'fails', apply: (p) => extBlocks(p, (b) => b, (t) => t - 4) },
  LEGACY_VCPU_BLOCK_SIZE: { description: '"vcpu" block of 3000 bytes', base: PV, convert: 'fails', apply: (p) => extBlocks(p, (b) => b.map((x) => (x.id === 'vcpu' ? { id: 'vcpu', data: new Uint8Array(3000) } : x))) },
  LEGACY_XCNT_SIZE: { description: '"xcnt" block of 8 bytes', base: PV, convert: 'ok', apply: (p) => extBlocks(p, (b) => b.map((x) => (x.id === 'xcnt' ? { id: 'xcnt', data: new Bytes().bytes(x.data).u32(0).done() } : x))) },
  LEGACY_CONVERT_UNKNOWN_BLOCK: { description: 'extended-info block "abcd"', base: PV, convert: 'fails', apply: (p) => extBlocks(p, (b) => [...b, { id: 'abcd', data: new Uint8Array(4) }]) },
  LEGACY_CONVERT_NO_VCPU_BLOCK: { description: 'extended info without its "vcpu" block', base: PV, convert: 'fails', apply: (p) => extBlocks(p, (b) => b.filter((x) => x.id !== 'vcpu')) },
  LEGACY_CONVERT_NO_EXTENDED_INFO: { description: 'a PV stream without extended info (older than Xen 3.1)', base: { guest: 'pv64', legacy: { extendedInfo: false } }, convert: 'fails', apply: () => {} },
  LEGACY_P2M_FRAME_RANGE: { description: 'P2M frame PFN beyond p2m_size', base: PV, convert: 'ok', apply: (p) => u32(piece(p, 'p2m frames').bytes, 0, 0x7fffff) },

  // --- body
  LEGACY_BATCH_TOO_LARGE: {
    description: 'a page batch of 1025 pages',
    base: { guest: 'pv64', pages: 1100 },
    convert: 'fails',
    apply: (p) => {
      const second = piece(p, 'batch', 1);
      firstBatch(p).entries!.push(second.entries!.shift()!);
    },
  },
  LEGACY_CHUNK_UNKNOWN: { description: 'chunk id -21', convert: 'fails', apply: (p) => insertBefore(p, bodyEnd(p), chunkPiece(-21, body.marker(-21), 0)) },
  LEGACY_PAGE_TYPE: { description: 'page entry of undefined type 5', base: PV, convert: 'ok', apply: (p) => { const e = firstBatch(p).entries!; e[0] = withType(e[0]!, 5); } },
  LEGACY_PFN_RANGE: { description: 'page entry for PFN p2m_size', base: PV, convert: 'ok', apply: (p) => { const e = firstBatch(p).entries!; e[0] = BigInt(p.spec.pages); } },
  LEGACY_PFN_HIGH_BITS: { description: '64-bit page entry with bit 32 set', base: PV, convert: 'ok', apply: (p) => { const e = firstBatch(p).entries!; e[0] = e[0]! | (1n << 32n); } },
  LEGACY_CONVERT_DUPLICATE_PFN: {
    description: 'the same page entry twice in a batch',
    base: PV,
    convert: 'fails',
    apply: (p) => {
      const e = firstBatch(p).entries!;
      e.push(e[dataEntry(e)]!);
    },
  },
  LEGACY_CONVERT_FILLER_BATCH: {
    description: 'a batch of three unmappable-page fillers',
    base: PV,
    convert: 'ok',
    apply: (p) => insertBefore(p, chunk(p, Chunk.VCPU_INFO), { name: 'batch', checkpoint: 0, bytes: new Uint8Array(0), entries: [0, 0, 0].map(() => BigInt(FILLER_ENTRY)) }),
  },
  LEGACY_VCPU_ID_RANGE: { description: 'VCPU_INFO with max_vcpu_id 4096', base: PV, convert: 'fails', apply: (p) => (chunk(p, Chunk.VCPU_INFO).bytes = body.vcpuInfoChunk(4096, [0])) },
  LEGACY_CONVERT_NO_VCPU_INFO: { description: 'a PV stream without VCPU_INFO', base: PV, convert: 'ok', apply: (p) => remove(p, chunk(p, Chunk.VCPU_INFO)) },
  LEGACY_CONVERT_HVM_CHUNK_IN_PV: { description: 'HVM_IDENT_PT chunk in a PV stream', base: PV, convert: 'fails', apply: (p) => insertBefore(p, bodyEnd(p), chunkPiece(Chunk.HVM_IDENT_PT, body.paramChunk(Chunk.HVM_IDENT_PT, 0xfeffc000n), 0)) },
  LEGACY_IOREQ_SERVER_PAIR: { description: 'HVM_IOREQ_SERVER_PFN without HVM_NR_IOREQ_SERVER_PAGES', base: HVM, convert: 'ok', apply: (p) => remove(p, chunk(p, Chunk.HVM_NR_IOREQ_SERVER_PAGES)) },
  LEGACY_VERIFY_MODE: { description: 'a debug stream: ENABLE_VERIFY_MODE', convert: 'ok', apply: (p) => insertBefore(p, chunk(p, Chunk.VCPU_INFO), chunkPiece(Chunk.ENABLE_VERIFY_MODE, body.marker(Chunk.ENABLE_VERIFY_MODE), 0)) },
  LEGACY_TOOLSTACK_MALFORMED: { description: 'toolstack data version 2', base: HVM, convert: 'fails', apply: (p) => (chunk(p, Chunk.TOOLSTACK).bytes = body.toolstackChunk(body.physmapBlob(p.width, [VGA_PHYSMAP], 2))) },
  LEGACY_CONVERT_TOOLSTACK_NAME: { description: 'physmap entry without a name', base: HVM, convert: 'fails', apply: (p) => (chunk(p, Chunk.TOOLSTACK).bytes = body.toolstackChunk(body.physmapBlob(p.width, [{ ...VGA_PHYSMAP, name: null }]))) },
  LEGACY_CONVERT_TMEM: { description: 'TMEM chunks', base: TMEM, convert: 'fails', apply: () => {} },
  LEGACY_TMEM_MALFORMED: { description: 'TMEM chunk with a bad marker', base: TMEM, convert: 'fails', apply: (p) => (chunk(p, Chunk.TMEM).bytes = body.tmemChunk(2, [0, 0xffffffff])) },
  LEGACY_CONVERT_COMPRESSION: { description: 'a Remus stream with compressed checkpoints', base: COMPRESSED, convert: 'fails', apply: () => {} },
  LEGACY_COMPRESSION_MISMATCH: {
    description: 'compressed data one page short',
    base: COMPRESSED,
    convert: 'fails',
    apply: (p) => {
      // Without its last byte, the last page of the second checkpoint is incomplete.
      const c = chunk(p, Chunk.COMPRESSED_DATA, 1);
      c.bytes = body.compressedDataChunk(p.width, c.bytes.subarray(4 + p.width, c.bytes.length - 1));
    },
  },

  // --- tail
  LEGACY_UNMAPPED_TOO_MANY: { description: '2^28 + 1 unmapped PFNs', base: PV, convert: 'fails', apply: (p) => u32(piece(p, 'unmapped').bytes, 0, 2 ** 28 + 1) },
  LEGACY_XSAVE_SIZE: {
    description: "vCPU 0's XSAVE record says 8 bytes fewer than xcnt",
    base: PV,
    convert: 'fails',
    apply: (p) => {
      const x = piece(p, 'vcpu xsave');
      dv(x.bytes).setBigUint64(8, BigInt(x.bytes.length - 16 - 8), true);
    },
  },
  LEGACY_QEMU_SIGNATURE: { description: 'unknown QEMU record signature', base: HVM, convert: 'fails', apply: (p) => piece(p, 'qemu').bytes.set(ascii('QemuDeviceModelRecorX')) },
  LEGACY_QEMU_NO_QEVM: {
    description: 'xend QEMU record without "QEVM"',
    base: { guest: 'hvm', legacy: { container: 'xend' } },
    apply: (p) => piece(p, 'qemu').bytes.set(ascii('QEMU'), 21),
  },
  LEGACY_CONVERT_QEMU_SIGNATURE: { description: 'Remus QEMU records (RemusDeviceModelState)', base: { guest: 'hvm', checkpoints: 2 }, convert: 'fails', apply: () => {} },
  LEGACY_CONVERT_REMUS: { description: 'a Remus stream of three checkpoints', base: REMUS, convert: 'ok', apply: () => {} },
  H_FIRST_NOT_HEADER: {
    description: 'HVM context starting with CPU',
    base: HVM,
    convert: 'ok',
    apply: (p) => {
      const r = piece(p, 'hvm context');
      const blob = r.bytes.subarray(4);
      r.bytes = body.hvmContextRecord(blob.subarray(8 + dv(blob).getUint32(4, true)));
    },
  },

  // --- file level
  ANY_TRUNCATED: { description: 'file cut inside the PV tail', base: PV, convert: 'fails', apply: (p) => (p.cut = { piece: piece(p, 'shared info'), within: 100 }) },
  CHECKPOINT_INCOMPLETE: { description: 'Remus stream cut inside its second checkpoint', base: REMUS, convert: 'ok', apply: (p) => (p.cut = { piece: piece(p, 'batch', 1), within: 20 }) },
  TRAILING_DATA: { description: 'junk after the stream', convert: 'ok', apply: (p) => p.pieces.push({ name: 'trailer', checkpoint: 0, bytes: ascii('junk after the end') }) },
} satisfies Record<string, LegacyFault>;

export type LegacyFaultName = keyof typeof LEGACY_FAULTS;

/** The spec a legacy fault is meant for: its base plus the fault itself. */
export function legacyFaultSpec(name: LegacyFaultName, extra: LegacyShape = {}): LegacySpec {
  const f: LegacyFault = LEGACY_FAULTS[name];
  return { ...f.base, ...extra, legacy: { ...f.base?.legacy, ...extra.legacy, faults: [name] } };
}

export function expectedLegacyChecks(name: LegacyFaultName): CheckId[] {
  const f: LegacyFault = LEGACY_FAULTS[name];
  return f.expect ?? [name as CheckId];
}
