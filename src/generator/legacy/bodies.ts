/**
 * Bytes of every legacy header, chunk and tail piece, as Xen 4.5's xc_domain_save and libxl
 * write them (spec: legacy-stream.md). Widths follow the toolstack (`w`, 4 or 8 bytes).
 */
import { vcpuMapWords } from '../../decoder/legacy/chunks.ts';
import { Chunk, QEMU_SIGNATURE_SIZE } from '../../decoder/legacy/constants.ts';
import { ascii, Bytes } from '../bytes.ts';
import { patternPage } from '../bodies.ts';

/** An `unsigned long` of the toolstack's width. */
export function word(b: Bytes, w: number, v: number | bigint): Bytes {
  return w === 8 ? b.u64(v) : b.u32(Number(BigInt.asUintN(32, BigInt(v))));
}

export const words = (w: number, values: (number | bigint)[]): Uint8Array => {
  const b = new Bytes();
  for (const v of values) word(b, w, v);
  return b.done();
};

export interface ExtBlock {
  id: string;
  data: Uint8Array;
}

/** Signature, u32 total size (that of the blocks unless given), blocks. */
export function extendedInfo(w: number, blocks: ExtBlock[], total?: number): Uint8Array {
  const body = new Bytes();
  for (const blk of blocks) body.text(blk.id).u32(blk.data.length).bytes(blk.data);
  const b = word(new Bytes(), w, w === 8 ? 0xffffffffffffffffn : 0xffffffff);
  return b.u32(total ?? body.length).bytes(body.done()).done();
}

export const u32Bytes = (v: number): Uint8Array => new Bytes().u32(v).done();

const id = (chunkId: number) => new Bytes().u32(chunkId >>> 0);

export const marker = (chunkId: number): Uint8Array => id(chunkId).done();

/** TSC_INFO: u32 mode, u64 nsec, u32 khz, u32 incarnation (packed). */
export function tscChunk(mode: number, nsec: bigint, khz: number, incarnation: number): Uint8Array {
  return id(Chunk.TSC_INFO).u32(mode).u64(nsec).u32(khz).u32(incarnation).done();
}

/** VCPU_INFO: max_vcpu_id, then the map words (as many as the restorer reads) with the online vCPUs' bits. */
export function vcpuInfoChunk(maxVcpuId: number, online: number[]): Uint8Array {
  const n = vcpuMapWords(maxVcpuId);
  const map = Array.from({ length: n }, () => 0n);
  for (const v of online) if (v >> 6 < n) map[v >> 6]! |= 1n << BigInt(v & 63);
  const b = id(Chunk.VCPU_INFO).u32(maxVcpuId >>> 0);
  for (const m of map) b.u64(m);
  return b.done();
}

/** A "pad+u64" HVM param chunk: {int id; u32 pad; u64 data}. */
export function paramChunk(chunkId: number, value: bigint): Uint8Array {
  return id(chunkId).u32(0).u64(value).done();
}

export function toolstackChunk(blob: Uint8Array): Uint8Array {
  return id(Chunk.TOOLSTACK).u32(blob.length).bytes(blob).done();
}

export interface PhysmapEntry {
  physOffset: bigint;
  startAddr: bigint;
  size: bigint;
  /** NUL-terminated as written; null for an entry without a name (namelen 0). */
  name: string | null;
}

/**
 * libxl's toolstack blob: version, count, entries. On a 64-bit toolstack libxl sized each entry
 * as its padded struct, so 4 stray bytes follow each name there (§5).
 */
export function physmapBlob(w: number, entries: PhysmapEntry[], version = 1): Uint8Array {
  const b = new Bytes().u32(version).u32(entries.length);
  for (const e of entries) {
    const name = e.name === null ? new Uint8Array(0) : ascii(e.name + '\0');
    b.u64(e.physOffset).u64(e.startAddr).u64(e.size).u32(name.length).bytes(name);
    if (w === 8) b.bytes(ascii('junk'));
  }
  return b.done();
}

export function compressedDataChunk(w: number, data: Uint8Array): Uint8Array {
  return word(id(Chunk.COMPRESSED_DATA), w, data.length).bytes(data).done();
}

/** A page's contents as checkpoint `checkpoint` of a compressed Remus stream sends it in full. */
export const remusFullPage = (pfn: number, checkpoint: number): Uint8Array => patternPage(checkpoint * REMUS_PFN_STRIDE + pfn);
/** Keeps remusFullPage's pattern apart from every guest page's own (PFNs stay below 2^28). */
const REMUS_PFN_STRIDE = 0x10000000;

/** Word offsets a Remus delta rewrites: the first word, and two in the middle (runs of skips between). */
export const REMUS_DELTA_WORDS = [0, 512, 513];
/** The words checkpoint `checkpoint`'s delta of `pfn` writes at REMUS_DELTA_WORDS. */
export const remusDeltaWords = (pfn: number, checkpoint: number): number[] => [pfn, checkpoint, (pfn ^ (checkpoint << 20)) >>> 0];

/** Run markers skipping `words` words (at most 127 a marker). */
function skipRuns(b: Bytes, words: number): void {
  for (; words > 0; words -= 127) b.u8(0x80 | Math.min(127, words));
}

/**
 * Remus page compression of the pages checkpoint index `checkpoint` (≥ 1: the first is never
 * compressed) sends, in order: a full page
 * (remusFullPage), an unchanged one (0x00) and a delta (remusDeltaWords) in turn, the turn
 * shifted by the checkpoint so that a page resent later comes as another kind.
 */
export function compressPages(pfns: number[], checkpoint = 1): Uint8Array {
  const b = new Bytes();
  pfns.forEach((pfn, i) => {
    const kind = (i + checkpoint) % 3;
    if (kind === 0) b.u8(0x80).bytes(remusFullPage(pfn, checkpoint));
    else if (kind === 1) b.u8(0x00);
    else {
      const [w0, w512, w513] = remusDeltaWords(pfn, checkpoint);
      b.u8(0x01).u32(w0!);
      skipRuns(b, 511);
      b.u8(0x02).u32(w512!).u32(w513!);
      skipRuns(b, 1024 - 514);
    }
  });
  return b.done();
}

/** TMEM: one persistent pool holding `pages` 4 KiB pages and one empty ephemeral pool. */
export function tmemChunk(pages: number, markers: [number, number] = [0xffffffff, 0xffffffff]): Uint8Array {
  const b = id(Chunk.TMEM).u32(1).u32(2).u32(markers[0]).u32(0).u32(0).u32(0).u32(markers[1]);
  b.u32(0).u32(1).u32(pages).u64(0x1234).u64(0x5678);
  for (let j = 0; j < pages; j++) b.u64(7).u64(0).u64(0).u32(j).bytes(patternPage(0x70000 + j));
  b.u32(1).u32(0).u32(0).u64(0).u64(0);
  return b.u32(0xffffffff).done();
}

/** TMEM_EXTRA: one invalidation, then the terminator. */
export function tmemExtraChunk(): Uint8Array {
  return id(Chunk.TMEM_EXTRA).u32(0).u64(7).u64(0).u64(0).u32(1).u32(0xffffffff).done();
}

/** u64 xfeature_mask, u64 size, state. */
export function xsaveRecord(mask: bigint, state: Uint8Array, size = state.length): Uint8Array {
  return new Bytes().u64(mask).u64(size).bytes(state).done();
}

export function hvmContextRecord(blob: Uint8Array): Uint8Array {
  return new Bytes().u32(blob.length).bytes(blob).done();
}

/** The QEMU record: signature, then (except xend's) a u32 length, then the state. */
export function qemuRecord(signature: string, state: Uint8Array): Uint8Array {
  if (signature.length !== QEMU_SIGNATURE_SIZE) throw new Error(`QEMU signature "${signature}" is not ${QEMU_SIGNATURE_SIZE} bytes`);
  const b = new Bytes().text(signature);
  if (signature !== 'QemuDeviceModelRecord') b.u32(state.length);
  return b.bytes(state).done();
}

/** xend's header: magic, big-endian s32 config length, SXP config. */
export function xendHeader(sxp: string): Uint8Array {
  const cfg = ascii(sxp);
  return new Bytes().text('LinuxGuestRecord').u32(cfg.length, true).bytes(cfg).done();
}
