/**
 * Special chunks of a legacy body (spec: legacy-stream.md §3, §5): how long each is, and their
 * dissectors. Each dissector takes a Dissection whose span starts at the chunk's 4-byte id.
 * Page batches are in pageBatch.ts, TMEM chunks in tmem.ts.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { decHex, hex, latin1, named, printable, sizeText } from '../dissect/show.ts';
import { HVM_PARAM_NAMES, hvmParamPfn } from '../hvm/params.ts';
import { TSC_MODE_NAMES } from '../core/tscModes.ts';
import {
  Chunk,
  CHUNK_HVM_PARAM,
  CHUNK_NAMES,
  LEGACY_MAX_VCPUS,
  PARAM_CHUNK_SIZE,
  PHYSMAP_HEADER_SIZE,
  PHYSMAP_STRUCT_SIZE,
  TOOLSTACK_VERSION,
  TSC_CHUNK_SIZE,
} from './constants.ts';
import type { LegacyEnv } from './env.ts';

/** Bytes after the id that say how long the chunk is (0 when its length is fixed). */
export function chunkLengthFieldSize(id: number, width: number): number {
  if (id === Chunk.VCPU_INFO || id === Chunk.TOOLSTACK) return 4;
  if (id === Chunk.COMPRESSED_DATA) return width;
  return 0;
}

/**
 * Words of the vCPU map after max_vcpu_id, as the 4.5 restorer reads them: max/64 + 1 with C's
 * division (so -1 still reads one word), never fewer than none.
 */
export function vcpuMapWords(maxVcpuId: number): number {
  return Math.max(0, Math.trunc(maxVcpuId / 64) + 1);
}

/**
 * The whole chunk's length, given the bytes after its id (`head`, at least
 * chunkLengthFieldSize of them); null for ids whose length is not known up front (unknown ids,
 * and TMEM chunks, which are walked).
 */
export function chunkLength(id: number, head: DataView, width: number): number | null {
  switch (id) {
    case Chunk.ENABLE_VERIFY_MODE:
    case Chunk.LAST_CHECKPOINT:
    case Chunk.ENABLE_COMPRESSION:
      return 4;
    case Chunk.VCPU_INFO:
      return 8 + 8 * vcpuMapWords(head.getInt32(0, true));
    case Chunk.TSC_INFO:
      return TSC_CHUNK_SIZE;
    case Chunk.TOOLSTACK:
      return 8 + head.getUint32(0, true);
    case Chunk.COMPRESSED_DATA:
      return 4 + width + (width === 8 ? Number(head.getBigUint64(0, true)) : head.getUint32(0, true));
  }
  return id in CHUNK_HVM_PARAM ? PARAM_CHUNK_SIZE : null;
}

export function chunkIdField(d: Dissection, id: number): void {
  d.s32('chunk id', 0, () => `${id} (${CHUNK_NAMES[id] ?? 'unknown'})`);
}

/** What the scanner learns from a special chunk. */
export interface ChunkFacts {
  summary?: string;
  /** VCPU_INFO: the online vCPUs (bits below 4096 of the map). */
  online?: number[];
  /** A "pad+u64" chunk: the HVM param it sets and its value. */
  param?: { index: number; value: bigint };
}

const vcpuInfo = (d: Dissection): ChunkFacts => {
  if (!d.has(4, 4)) return {};
  const max = d.s32('max_vcpu_id', 4);
  const words = vcpuMapWords(max);
  if (max < 0 || max >= LEGACY_MAX_VCPUS) {
    const why =
      max < 0
        ? `the 4.5 restorer's signed check lets it through and then reads ${words} map word(s), where convert-legacy-stream reads ${Math.max(0, Math.floor(max / 64) + 1)}`
        : 'the 4.5 restorer and convert-legacy-stream both refuse it';
    d.problem('LEGACY_VCPU_ID_RANGE', 4, 4, `max_vcpu_id is ${max}; it must be 0-${LEGACY_MAX_VCPUS - 1}: ${why}`);
  }
  // The map is read only as far as the restorer's 64-word buffer holds it.
  const shown = Math.min(words, LEGACY_MAX_VCPUS / 64, Math.floor((d.size - 8) / 8));
  const online: number[] = [];
  for (let w = 0; w < shown; w++) {
    const at = 8 + 8 * w;
    const lo = d.peekU32(at);
    const hi = d.peekU32(at + 4);
    for (let bit = 0; bit < 64; bit++) {
      const set = bit < 32 ? (lo >>> bit) & 1 : (hi >>> (bit - 32)) & 1;
      if (set && w * 64 + bit <= max) online.push(w * 64 + bit);
    }
    if (d.tree) d.u64(`vcpumap[${w}]`, at, (v) => `${hex(v, 16)} (vCPUs ${w * 64}-${w * 64 + 63})`);
  }
  if (words > shown && d.has(8 + 8 * shown, 8 * (words - shown))) d.span('rest of vcpumap', 8 + 8 * shown, 8 * (words - shown), `${words - shown} word(s), beyond vCPU ${LEGACY_MAX_VCPUS - 1}`);
  return { online, summary: `max_vcpu_id ${max}, ${online.length} online` };
};

const hvmParamChunk = (d: Dissection, env: LegacyEnv, id: number): ChunkFacts => {
  const index = CHUNK_HVM_PARAM[id]!;
  const name = HVM_PARAM_NAMES[index] ?? `param ${index}`;
  d.u32('padding', 4, (v) => `${hex(v)} (ignored)`);
  const value = d.u64('value', 8, (v) => `${decHex(v)} → HVM param ${name} (${index})`);
  const pfn = hvmParamPfn(index, value);
  if (pfn !== null) d.pfn(pfn);
  if (env.guest === 'pv') {
    d.problem('LEGACY_CONVERT_HVM_CHUNK_IN_PV', 0, 4, `${CHUNK_NAMES[id]} is an HVM param chunk in a PV stream: the 4.5 restorer ignores it, but convert-legacy-stream stops ("HVM-only param in PV stream"), so restore on Xen ≥ 4.6 will fail`);
  }
  return { param: { index, value }, summary: `${name} = ${hex(value)}` };
};

const tscInfo = (d: Dissection): ChunkFacts => {
  const mode = d.u32('mode', 4, named(TSC_MODE_NAMES));
  const nsec = d.u64('nsec', 8, (v) => `${v} ns`);
  const khz = d.u32('khz', 16, (v) => `${v} kHz`);
  const inc = d.u32('incarnation', 20);
  return { summary: `mode ${TSC_MODE_NAMES[mode] ?? mode}, ${khz} kHz, ${nsec} ns, incarnation ${inc}` };
};

/**
 * libxl's toolstack blob (§5): version 1, then QEMU physmap entries. A 64-bit toolstack sized
 * each entry as its padded struct (32 bytes) but put the name right after the 28 header bytes,
 * so 4 junk bytes follow each name there.
 */
function physmap(d: Dissection, env: LegacyEnv, at: number, length: number): string {
  const end = at + length;
  if (length < 8) {
    d.problem('LEGACY_TOOLSTACK_MALFORMED', at - 4, 4, `toolstack data is ${length} bytes, too short for its version and count: libxl 4.5 restore ("wrong size") and convert-legacy-stream both refuse it`);
    if (length) d.span('data', at, length, `${length} bytes`);
    return 'malformed';
  }
  const version = d.u32('version', at);
  if (version !== TOOLSTACK_VERSION) {
    d.problem('LEGACY_TOOLSTACK_MALFORMED', at, 4, `toolstack data version ${version}: only version 1 (QEMU physmap) exists; libxl 4.5 restore ("wrong version") and convert-legacy-stream both refuse it`);
    d.span('data', at + 4, length - 4, `${length - 4} bytes`);
    return `version ${version}`;
  }
  const count = d.u32('count', at + 4);
  const struct = PHYSMAP_STRUCT_SIZE[env.width];
  if (length < 8 + count * struct) {
    d.problem('LEGACY_TOOLSTACK_MALFORMED', at + 4, 4, `${count} physmap entries need at least ${8 + count * struct} bytes on a ${env.width * 8}-bit toolstack; the data is ${length}: libxl 4.5 restore ("wrong size") and convert-legacy-stream both refuse it`);
  }
  const junk = env.width === 8 ? PHYSMAP_STRUCT_SIZE[8] - PHYSMAP_HEADER_SIZE : 0;
  let pos = at + 8;
  const names: string[] = [];
  for (let i = 0; i < count && pos < end; i++) {
    if (pos + PHYSMAP_HEADER_SIZE > end) {
      d.problem('LEGACY_TOOLSTACK_MALFORMED', pos, end - pos, `physmap entry ${i} is cut short by the end of the toolstack data`);
      d.span('cut-short entry', pos, end - pos, `${end - pos} bytes`);
      break;
    }
    const namelen = d.peekU32(pos + 24);
    const entryLen = PHYSMAP_HEADER_SIZE + namelen + junk;
    if (pos + entryLen > end) {
      d.problem('LEGACY_TOOLSTACK_MALFORMED', pos + 24, 4, `physmap entry ${i}'s name (${namelen} bytes${junk ? ' + 4 junk bytes' : ''}) runs past the end of the toolstack data`);
    }
    const nameBytes = d.bytes.subarray(pos + PHYSMAP_HEADER_SIZE, Math.min(end, pos + PHYSMAP_HEADER_SIZE + namelen));
    const terminated = nameBytes.length === namelen && namelen > 0 && nameBytes[namelen - 1] === 0;
    const name = latin1(terminated ? nameBytes.subarray(0, namelen - 1) : nameBytes);
    names.push(name);
    if (namelen === 0 || !terminated) {
      d.problem('LEGACY_CONVERT_TOOLSTACK_NAME', pos + 24, 4, `physmap entry ${i} ${namelen === 0 ? 'has no name (namelen 0)' : 'has a name without its terminating NUL'}: libxl 4.5 restores it, but convert-legacy-stream stops, so restore on Xen ≥ 4.6 will fail`);
    }
    const p = pos;
    d.group(`physmap[${i}]`, p, Math.min(entryLen, end - p), () => `${hex(d.peekU64(p))}: ${name ? `"${name}"` : 'no name'}, ${hex(d.peekU64(p + 16))} bytes`, () => {
      d.u64('phys_offset', p, (v) => hex(v));
      d.u64('start_addr', p + 8, (v) => hex(v));
      d.u64('size', p + 16, (v) => hex(v));
      d.u32('namelen', p + 24);
      if (nameBytes.length) d.span('name', p + PHYSMAP_HEADER_SIZE, nameBytes.length, `"${printable(nameBytes)}"`, name);
      const junkAt = p + PHYSMAP_HEADER_SIZE + namelen;
      if (junk && junkAt + junk <= end) d.span('struct padding (64-bit toolstack quirk)', junkAt, junk, `${junk} bytes after the name, ignored`);
    });
    pos += entryLen;
  }
  if (pos < end) d.span('after the entries', pos, end - pos, `${end - pos} bytes (ignored)`);
  return `physmap, ${count} entr${count === 1 ? 'y' : 'ies'}${names.length ? ': ' + names.join(', ') : ''}`;
}

const toolstack = (d: Dissection, env: LegacyEnv): ChunkFacts => {
  const length = d.u32('length', 4, (v) => `${v} bytes`);
  const avail = Math.min(length, d.size - 8);
  let summary = sizeText(length);
  if (avail === length) {
    d.group('toolstack data', 8, length, `libxl toolstack data, ${sizeText(length)}`, () => {
      summary = physmap(d, env, 8, length);
    });
  } else if (avail > 0) d.span('toolstack data', 8, avail, `${sizeText(length)} (not all read)`);
  return { summary };
};

const compressedData = (d: Dissection, env: LegacyEnv): ChunkFacts => {
  const length = env.width === 8 ? Number(d.u64('length', 4, (v) => `${v} bytes`)) : d.u32('length', 4, (v) => `${v} bytes`);
  const at = 4 + env.width;
  if (length && d.has(at, 1)) d.span('compressed pages', at, Math.min(length, d.size - at), `${sizeText(length)} of compressed page data`);
  return { summary: `${sizeText(length)} of compressed pages` };
};

const marker =
  (summary: string) =>
  (): ChunkFacts => ({ summary });

type ChunkDissector = (d: Dissection, env: LegacyEnv, id: number) => ChunkFacts;

/** Dissectors of special chunks by id; the span starts at the id and holds the whole chunk. */
export const CHUNK_DISSECTORS: Partial<Record<number, ChunkDissector>> = {
  [Chunk.ENABLE_VERIFY_MODE]: (d) => {
    d.problem('LEGACY_VERIFY_MODE', 0, 4, 'ENABLE_VERIFY_MODE: a debug stream; the restorer compares the pages sent after this with the ones it already has instead of loading them');
    return { summary: 'debug: compare the pages that follow' };
  },
  [Chunk.VCPU_INFO]: vcpuInfo,
  [Chunk.TSC_INFO]: tscInfo,
  [Chunk.LAST_CHECKPOINT]: marker('the final checkpoint: restore completes after this tail'),
  [Chunk.COMPRESSED_DATA]: compressedData,
  [Chunk.ENABLE_COMPRESSION]: marker('later checkpoints send compressed pages'),
  [Chunk.TOOLSTACK]: toolstack,
  ...Object.fromEntries(Object.keys(CHUNK_HVM_PARAM).map((id) => [id, hvmParamChunk])),
};
