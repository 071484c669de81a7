/**
 * The field tree of one legacy index entry, on request: the scan's dissectors again, with the
 * tree on. Reads only the entry's own bytes (for a page batch its PFN array, never the pages).
 */
import type { ByteSource } from '../core/ByteSource.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { sizeText } from '../dissect/show.ts';
import { DECODE_READ_MAX, TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import type { Field } from '../model/Field.ts';
import { EntryFlag, type IndexEntry } from '../model/RecordIndex.ts';
import type { StreamFacts } from '../core/facts.ts';
import { chunkIdField, CHUNK_DISSECTORS } from './chunks.ts';
import { Chunk, CHUNK_TYPE_BASE, chunkIdOfEntry, LegacyEntry, QEMU_SIGNATURE_SIZE } from './constants.ts';
import { legacyEntryName } from './kinds.ts';
import { envOfFacts, type LegacyEnv } from './env.ts';
import { dissectExtendedInfo, dissectP2mSize, P2mFrameTally } from './header.ts';
import { batchPageFields, dissectBatchId, LegacyPfnTally } from './pageBatch.ts';
import {
  dissectHvmContextRecord,
  dissectMagicPfns,
  dissectQemuRecord,
  dissectSharedInfo,
  dissectUnmapped,
  dissectVcpuBasic,
  dissectVcpuExtended,
  dissectVcpuXsave,
} from './tail.ts';
import { walkTmem } from './tmem.ts';

/** What a tree builder gets: the entry, its stream's environment, and a reader of its first bytes. */
interface EntryInput {
  e: IndexEntry;
  env: LegacyEnv;
  /** A Dissection of the entry's first `length` bytes (at most its length, at most DECODE_READ_MAX). */
  span: (length: number) => Promise<Dissection>;
}

/** An entry read whole by one dissector (`vcpu` is the entry's vCPU id). */
const whole =
  (dissect: (d: Dissection, env: LegacyEnv, vcpu: number) => unknown) =>
  async ({ e, env, span }: EntryInput): Promise<Dissection> => {
    const d = await span(e.length);
    dissect(d, env, e.aux[0]);
    return d;
  };

/** The field tree of each entry type that is not a chunk, chosen once by type. */
const ENTRY_TREES: Partial<Record<number, (input: EntryInput) => Promise<Dissection>>> = {
  [LegacyEntry.ExtendedInfo]: whole((d, env) => dissectExtendedInfo(d, env)),
  [LegacyEntry.VcpuBasic]: whole(dissectVcpuBasic),
  [LegacyEntry.VcpuExtended]: whole((d, _env, vcpu) => dissectVcpuExtended(d, vcpu)),
  [LegacyEntry.VcpuXsave]: whole(dissectVcpuXsave),
  [LegacyEntry.SharedInfo]: whole((d) => dissectSharedInfo(d)),
  [LegacyEntry.MagicPfns]: whole((d) => dissectMagicPfns(d)),
  [LegacyEntry.HvmContext]: whole((d, env) => dissectHvmContextRecord(d, env)),
  [LegacyEntry.P2mSize]: async ({ env, span }) => {
    const d = await span(env.width);
    dissectP2mSize(d, env);
    return d;
  },
  [LegacyEntry.P2mFrames]: async ({ e, env, span }) => {
    const w = env.width;
    const count = Math.floor(e.length / w);
    const listed = Math.min(count, TREE_ARRAY_LIMIT);
    const d = await span(w * listed);
    new P2mFrameTally(env).add(d, 0, 0, listed);
    if (count > listed) d.field(`… ${count - listed} more frames`, w * listed, w * (count - listed), null, 'not listed');
    return d;
  },
  [LegacyEntry.PageBatch]: async ({ e, env, span }) => {
    const w = env.width;
    const count = e.aux[0];
    const listed = Math.min(count, TREE_ARRAY_LIMIT);
    const d = await span(4 + w * listed);
    dissectBatchId(d, count);
    d.group('pfn', 4, w * count, `${count} entr${count === 1 ? 'y' : 'ies'}`, () => {
      new LegacyPfnTally(e.offset, w, env.p2mSize, count).add(d, 4, 0, listed);
      if (count > listed) d.field(`… ${count - listed} more entries`, 4 + w * listed, w * (count - listed), null, 'not listed');
    });
    const pagesAt = 4 + w * count;
    if (listed === count && e.length > pagesAt) d.group('pages', pagesAt, e.length - pagesAt, `${e.aux[1]} page(s), not read`, () => batchPageFields(d, count, w, e.length));
    return d;
  },
  [LegacyEntry.BodyEnd]: async ({ span }) => {
    const d = await span(4);
    d.s32('chunk id', 0, () => '0 (end of body)');
    return d;
  },
  [LegacyEntry.Unmapped]: async ({ env, span }) => {
    const d = await span(4 + env.width * TREE_ARRAY_LIMIT);
    dissectUnmapped(d, env);
    return d;
  },
  [LegacyEntry.QemuRecord]: async ({ e, span }) => {
    // The signature, the length and the state's first bytes; the state is shown by offset.
    const d = await span(QEMU_SIGNATURE_SIZE + 4 + 8);
    dissectQemuRecord(d, e.length);
    return d;
  },
};

export async function decodeLegacyEntry(source: ByteSource, e: IndexEntry, facts: StreamFacts): Promise<Field[]> {
  const env = envOfFacts(facts.legacy, facts.config?.vcpus);
  const w = env.width;
  const opts = { littleEndian: true, tree: true, diags: null, record: e.index };
  const span = async (length: number) => new Dissection(await source.read(e.offset, Math.min(length, e.length, DECODE_READ_MAX)), e.offset, opts);

  if (e.flags & EntryFlag.Truncated) {
    const d = await span(0);
    d.field(`${legacyEntryName(e.type)} (cut short by the end of the file)`, 0, e.length, null, `${e.length} bytes`);
    return d.fields;
  }
  if (e.type >= CHUNK_TYPE_BASE) {
    const id = chunkIdOfEntry(e.type);
    if (id === Chunk.TMEM || id === Chunk.TMEM_EXTRA) {
      return (await walkTmem((at, n) => source.read(at, n), e.offset, e.offset + e.length, id === Chunk.TMEM_EXTRA, opts)).fields;
    }
    // Compressed pages are shown by offset, not read.
    const d = await span(id === Chunk.COMPRESSED_DATA ? 4 + w : e.length);
    chunkIdField(d, id);
    CHUNK_DISSECTORS[id]?.(d, env, id);
    if (id === Chunk.COMPRESSED_DATA && e.length > 4 + w) d.field('compressed pages', 4 + w, e.length - 4 - w, null, sizeText(e.length - 4 - w));
    return d.fields;
  }
  const build = ENTRY_TREES[e.type];
  return build ? (await build({ e, env, span })).fields : [];
}
