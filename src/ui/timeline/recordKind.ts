/** Record kinds: the colour family a timeline row is drawn in. */
import { Chunk, CHUNK_HVM_PARAM, chunkEntryType, LegacyEntry } from '../../decoder/legacy/constants.ts';
import { Rec } from '../../decoder/libxc/constants.ts';
import { LibxlRec } from '../../decoder/libxl/constants.ts';
import { Layer } from '../../decoder/model/Layer.ts';
import { EntryFlag } from '../../decoder/model/RecordIndex.ts';

export type RecordCategory = 'header' | 'memory' | 'cpu' | 'platform' | 'control' | 'emulator' | 'trailing';

const LIBXC_CATEGORY: Record<number, RecordCategory> = {
  [Rec.PAGE_DATA]: 'memory',
  [Rec.CHECKPOINT_DIRTY_PFN_LIST]: 'memory',
  [Rec.X86_PV_P2M_FRAMES]: 'memory',
  [Rec.X86_PV_VCPU_BASIC]: 'cpu',
  [Rec.X86_PV_VCPU_EXTENDED]: 'cpu',
  [Rec.X86_PV_VCPU_XSAVE]: 'cpu',
  [Rec.X86_PV_VCPU_MSRS]: 'cpu',
  [Rec.HVM_CONTEXT]: 'cpu',
  [Rec.X86_CPUID_POLICY]: 'cpu',
  [Rec.X86_MSR_POLICY]: 'cpu',
  [Rec.X86_PV_INFO]: 'platform',
  [Rec.SHARED_INFO]: 'platform',
  [Rec.X86_TSC_INFO]: 'platform',
  [Rec.HVM_PARAMS]: 'platform',
  [Rec.TOOLSTACK]: 'emulator',
};

/**
 * Legacy entries by what they would become in a v2 stream (convert-legacy-stream's mapping), so
 * that a legacy file reads in the same colours. Its headers (p2m_size, extended info, the P2M
 * frame list) are 'header' by their flag.
 */
const LEGACY_CATEGORY: Record<number, RecordCategory> = {
  [LegacyEntry.PageBatch]: 'memory',
  [LegacyEntry.Unmapped]: 'memory',
  // Page contents that come in chunks rather than batches.
  [chunkEntryType(Chunk.COMPRESSED_DATA)]: 'memory',
  [chunkEntryType(Chunk.TMEM)]: 'memory',
  [chunkEntryType(Chunk.TMEM_EXTRA)]: 'memory',
  [LegacyEntry.VcpuBasic]: 'cpu',
  [LegacyEntry.VcpuExtended]: 'cpu',
  [LegacyEntry.VcpuXsave]: 'cpu',
  [chunkEntryType(Chunk.VCPU_INFO)]: 'cpu',
  [LegacyEntry.HvmContext]: 'cpu',
  [LegacyEntry.SharedInfo]: 'platform',
  [LegacyEntry.MagicPfns]: 'platform',
  [chunkEntryType(Chunk.TSC_INFO)]: 'platform',
  ...Object.fromEntries(Object.keys(CHUNK_HVM_PARAM).map((id) => [chunkEntryType(Number(id)), 'platform'])),
  [LegacyEntry.QemuRecord]: 'emulator',
  [chunkEntryType(Chunk.TOOLSTACK)]: 'emulator',
};

/** The colour family of an entry: what part of the guest it carries. */
export function recordCategory(layer: Layer, flags: number, type: number): RecordCategory {
  if (flags & EntryFlag.Header) return 'header';
  switch (layer) {
    case Layer.Libxc:
      return LIBXC_CATEGORY[type] ?? 'control';
    case Layer.Libxl:
      return type === LibxlRec.EMULATOR_CONTEXT || type === LibxlRec.EMULATOR_XENSTORE_DATA ? 'emulator' : 'control';
    case Layer.Legacy:
      return LEGACY_CATEGORY[type] ?? 'control';
    case Layer.Trailing:
      return 'trailing';
    default:
      return 'header';
  }
}
