/**
 * What each legacy entry kind becomes in a v2 stream (spec: legacy-stream.md §9, following
 * convert-legacy-stream where it works), in one table: the v2 records it turns into, or why it is
 * dropped, and the step of the conversion that writes them.
 */
import { Chunk, CHUNK_HVM_PARAM, chunkEntryType, LegacyEntry } from '../decoder/legacy/constants.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import type { IndexEntry } from '../decoder/model/RecordIndex.ts';
import type { Conversion } from './Conversion.ts';

export interface LegacyKindConversion {
  /** The v2 records it becomes, or what happens to it, in words. */
  becomes: string;
  convert(c: Conversion, e: IndexEntry): void | Promise<void>;
}

const dropped = (why: string): LegacyKindConversion => ({ becomes: `dropped: ${why}`, convert: () => {} });

export const LEGACY_TO_V2: Partial<Record<number, LegacyKindConversion>> = {
  [LegacyEntry.P2mSize]: { becomes: 'image and domain headers (Xen 0.1: converted), X86_PV_INFO for PV, STATIC_DATA_END', convert: (c) => c.headers() },
  [LegacyEntry.ExtendedInfo]: dropped('its guest width is in X86_PV_INFO; extv and xcnt shape the tail'),
  [LegacyEntry.P2mFrames]: { becomes: 'X86_PV_P2M_FRAMES (0 … p2m_size − 1)', convert: (c, e) => c.p2mFrames(e) },
  [LegacyEntry.PageBatch]: { becomes: 'PAGE_DATA (fillers dropped); for several checkpoints, each PFN\'s last copy', convert: (c, e) => c.pageBatch(e) },
  [LegacyEntry.BodyEnd]: { becomes: 'HVM_PARAMS of the body\'s param chunks', convert: (c, e) => c.bodyEnd(e) },
  [LegacyEntry.Unmapped]: dropped('v2 marks unmapped pages with XTAB entries'),
  [LegacyEntry.VcpuBasic]: { becomes: 'X86_PV_VCPU_BASIC', convert: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_BASIC) },
  [LegacyEntry.VcpuExtended]: { becomes: 'X86_PV_VCPU_EXTENDED', convert: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_EXTENDED) },
  [LegacyEntry.VcpuXsave]: { becomes: 'X86_PV_VCPU_XSAVE (without the mask and size)', convert: (c, e) => c.vcpu(e, Rec.X86_PV_VCPU_XSAVE) },
  [LegacyEntry.SharedInfo]: { becomes: 'SHARED_INFO, then END', convert: (c, e) => c.sharedInfo(e) },
  [LegacyEntry.MagicPfns]: { becomes: 'HVM_PARAMS 5, 6, 1 (ioreq, buffered ioreq, xenstore)', convert: (c, e) => c.magicPfns(e) },
  [LegacyEntry.HvmContext]: { becomes: 'HVM_CONTEXT, then END', convert: (c, e) => c.hvmContext(e) },
  [LegacyEntry.QemuRecord]: { becomes: 'libxl EMULATOR_CONTEXT (libxc output: the raw record after END)', convert: (c, e) => c.qemuRecord(e) },
  [chunkEntryType(Chunk.ENABLE_VERIFY_MODE)]: dropped('the pages after it are converted as ordinary pages'),
  [chunkEntryType(Chunk.VCPU_INFO)]: dropped('the tail\'s vCPU contexts carry their ids'),
  [chunkEntryType(Chunk.TMEM)]: { becomes: 'dropped with a warning: Xen ≥ 4.6 has no TMEM restore', convert: (c, e) => c.tmem(e) },
  [chunkEntryType(Chunk.TMEM_EXTRA)]: { becomes: 'dropped with a warning: Xen ≥ 4.6 has no TMEM restore', convert: (c, e) => c.tmem(e) },
  [chunkEntryType(Chunk.TSC_INFO)]: { becomes: 'X86_TSC_INFO', convert: (c, e) => c.tscInfo(e) },
  [chunkEntryType(Chunk.LAST_CHECKPOINT)]: dropped('the converted stream is not checkpointed'),
  [chunkEntryType(Chunk.ENABLE_COMPRESSION)]: dropped('the converted stream is not checkpointed'),
  [chunkEntryType(Chunk.COMPRESSED_DATA)]: { becomes: 'the pages of the body\'s batches: raw ones copied, unchanged ones kept, deltas applied to the last copy', convert: (c, e) => c.compressedData(e) },
  [chunkEntryType(Chunk.TOOLSTACK)]: { becomes: 'libxl EMULATOR_XENSTORE_DATA physmap keys (libxc output: dropped)', convert: (c, e) => c.toolstack(e) },
  ...Object.fromEntries(
    Object.entries(CHUNK_HVM_PARAM).map(([id, index]): [number, LegacyKindConversion] => [
      chunkEntryType(Number(id)),
      { becomes: `HVM_PARAMS index ${index}, at the body's end`, convert: (c, e) => c.hvmParam(e, index) },
    ]),
  ),
};
