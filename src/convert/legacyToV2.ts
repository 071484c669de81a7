/**
 * The step of the conversion that handles each legacy entry kind (what it becomes is the kind's
 * descriptor's `convertsTo`, in decoder/legacy/kinds.ts). A kind without a step cannot be converted.
 */
import { Chunk, CHUNK_HVM_PARAM, chunkEntryType, LegacyEntry } from '../decoder/legacy/constants.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import type { IndexEntry } from '../decoder/model/RecordIndex.ts';
import type { Conversion } from './Conversion.ts';

export type ConvertStep = (c: Conversion, e: IndexEntry) => void | Promise<void>;

const drop: ConvertStep = () => {};

export const LEGACY_TO_V2: Partial<Record<number, ConvertStep>> = {
  [LegacyEntry.P2mSize]: (c) => c.headers(),
  [LegacyEntry.ExtendedInfo]: drop,
  [LegacyEntry.P2mFrames]: (c, e) => c.p2mFrames(e),
  [LegacyEntry.PageBatch]: (c, e) => c.pageBatch(e),
  [LegacyEntry.BodyEnd]: (c, e) => c.bodyEnd(e),
  [LegacyEntry.Unmapped]: drop,
  [LegacyEntry.VcpuBasic]: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_BASIC),
  [LegacyEntry.VcpuExtended]: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_EXTENDED),
  [LegacyEntry.VcpuXsave]: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_XSAVE),
  [LegacyEntry.SharedInfo]: (c, e) => c.sharedInfo(e),
  [LegacyEntry.MagicPfns]: (c, e) => c.magicPfns(e),
  [LegacyEntry.HvmContext]: (c, e) => c.hvmContext(e),
  [LegacyEntry.QemuRecord]: (c, e) => c.qemuRecord(e),
  [chunkEntryType(Chunk.ENABLE_VERIFY_MODE)]: drop,
  [chunkEntryType(Chunk.VCPU_INFO)]: drop,
  [chunkEntryType(Chunk.TMEM)]: (c, e) => c.tmem(e),
  [chunkEntryType(Chunk.TMEM_EXTRA)]: (c, e) => c.tmem(e),
  [chunkEntryType(Chunk.TSC_INFO)]: (c, e) => c.tscInfo(e),
  [chunkEntryType(Chunk.LAST_CHECKPOINT)]: drop,
  [chunkEntryType(Chunk.ENABLE_COMPRESSION)]: drop,
  [chunkEntryType(Chunk.COMPRESSED_DATA)]: (c, e) => c.compressedData(e),
  [chunkEntryType(Chunk.TOOLSTACK)]: (c, e) => c.toolstack(e),
  ...Object.fromEntries(
    Object.entries(CHUNK_HVM_PARAM).map(([id, index]): [number, ConvertStep] => [chunkEntryType(Number(id)), (c, e) => c.hvmParam(e, index)]),
  ),
};
