/**
 * Every legacy (pre-Xen-4.6) entry kind, declared once (spec: legacy-stream.md §2-§4): the
 * headers, the body's page batches and special chunks (one kind per chunk id), and the PV or HVM
 * tail. Colours follow what each becomes in a v2 stream (§9, convert-legacy-stream's mapping), so
 * that a legacy file reads in the same colours as a converted one.
 */
import { PAGE_RUN_AUX, pageRunSummary, unknownKind, type Guests, type RecordCategory, type RecordKind } from '../core/RecordKind.ts';
import { Chunk, CHUNK_HVM_PARAM, CHUNK_NAMES, CHUNK_TYPE_BASE, chunkIdOfEntry, LegacyEntry } from './constants.ts';

const dropped = (why: string) => `dropped: ${why}`;
type Extra = Partial<Pick<RecordKind, 'aux' | 'summary' | 'convertsTo' | 'scanReads'>>;
const kind = (name: string, category: RecordCategory, guests: Guests, extra: Extra = {}): RecordKind => ({ name, category, guests, scanReads: 'whole', ...extra });
const VCPU_AUX = ['vcpu'] as const;
const TMEM_DROPPED = 'dropped with a warning: Xen ≥ 4.6 has no TMEM restore';
const NOT_CHECKPOINTED = dropped('the converted stream is not checkpointed');

/** Headers (EntryFlag.Header) and the entries of the body and tail that are not chunks. */
const ENTRY_KINDS: Readonly<Record<number, RecordKind>> = {
  [LegacyEntry.P2mSize]: kind('p2m_size', 'header', 'any', { convertsTo: 'image and domain headers (Xen 0.1: converted), X86_PV_INFO for PV, STATIC_DATA_END' }),
  [LegacyEntry.ExtendedInfo]: kind('extended info', 'header', 'pv', { convertsTo: dropped('its guest width is in X86_PV_INFO; extv and xcnt shape the tail') }),
  [LegacyEntry.P2mFrames]: kind('P2M frame list', 'header', 'pv', { convertsTo: 'X86_PV_P2M_FRAMES (0 … p2m_size − 1)' }),
  [LegacyEntry.PageBatch]: kind('page batch', 'memory', 'any', { scanReads: 'pfns', aux: PAGE_RUN_AUX, summary: pageRunSummary, convertsTo: "PAGE_DATA (fillers dropped); for several checkpoints, each PFN's last copy" }),
  [LegacyEntry.BodyEnd]: kind('end of body', 'control', 'any', { convertsTo: "HVM_PARAMS of the body's param chunks" }),
  [LegacyEntry.Unmapped]: kind('unmapped PFNs', 'memory', 'pv', { convertsTo: dropped('v2 marks unmapped pages with XTAB entries') }),
  [LegacyEntry.VcpuBasic]: kind('vCPU context', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: 'X86_PV_VCPU_BASIC' }),
  [LegacyEntry.VcpuExtended]: kind('vCPU extended context', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: 'X86_PV_VCPU_EXTENDED' }),
  [LegacyEntry.VcpuXsave]: kind('vCPU XSAVE', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: 'X86_PV_VCPU_XSAVE (without the mask and size)' }),
  [LegacyEntry.SharedInfo]: kind('shared info', 'platform', 'pv', { convertsTo: 'SHARED_INFO, then END' }),
  [LegacyEntry.MagicPfns]: kind('magic PFNs', 'platform', 'hvm', { convertsTo: 'HVM_PARAMS 5, 6, 1 (ioreq, buffered ioreq, xenstore)' }),
  [LegacyEntry.HvmContext]: kind('HVM context', 'cpu', 'hvm', { convertsTo: 'HVM_CONTEXT, then END' }),
  // Only its signature and length are read; the QEMU state is shown by offset.
  [LegacyEntry.QemuRecord]: kind('QEMU record', 'emulator', 'hvm', { scanReads: 'framing', convertsTo: 'libxl EMULATOR_CONTEXT (libxc output: the raw record after END)' }),
};

/** Special chunks (§3) by chunk id; the "pad+u64" HVM param chunks are added below. */
const CHUNK_KINDS: Readonly<Record<number, Omit<RecordKind, 'name'>>> = {
  [Chunk.ENABLE_VERIFY_MODE]: kind('', 'control', 'any', { convertsTo: dropped('the pages after it are converted as ordinary pages') }),
  // Decides which vCPU contexts the PV tail holds; no record of its own.
  [Chunk.VCPU_INFO]: kind('', 'cpu', 'any', { convertsTo: dropped("the tail's vCPU contexts carry their ids") }),
  [Chunk.TMEM]: kind('', 'memory', 'any', { convertsTo: TMEM_DROPPED }),
  [Chunk.TMEM_EXTRA]: kind('', 'memory', 'any', { convertsTo: TMEM_DROPPED }),
  [Chunk.TSC_INFO]: kind('', 'platform', 'any', { convertsTo: 'X86_TSC_INFO' }),
  [Chunk.LAST_CHECKPOINT]: kind('', 'control', 'any', { convertsTo: NOT_CHECKPOINTED }),
  [Chunk.COMPRESSED_DATA]: kind('', 'memory', 'any', { convertsTo: "the pages of the body's batches: raw ones copied, unchanged ones kept, deltas applied to the last copy" }),
  [Chunk.ENABLE_COMPRESSION]: kind('', 'control', 'any', { convertsTo: NOT_CHECKPOINTED }),
  [Chunk.TOOLSTACK]: kind('', 'emulator', 'any', { convertsTo: 'libxl EMULATOR_XENSTORE_DATA physmap keys (libxc output: dropped)' }),
  ...Object.fromEntries(Object.entries(CHUNK_HVM_PARAM).map(([id, index]) => [id, kind('', 'platform', 'hvm', { convertsTo: `HVM_PARAMS index ${index}, at the body's end` })])),
};

/** The descriptor of a legacy index entry type (chunks are CHUNK_TYPE_BASE + −id). */
export function legacyKind(type: number): RecordKind {
  if (type < CHUNK_TYPE_BASE) return ENTRY_KINDS[type] ?? unknownKind(`legacy ${type}`, 'control');
  const id = chunkIdOfEntry(type);
  const chunk = CHUNK_KINDS[id];
  return chunk ? { ...chunk, name: CHUNK_NAMES[id]! } : unknownKind(`UNKNOWN_CHUNK_${id}`, 'control');
}

export const legacyEntryName = (type: number): string => legacyKind(type).name;

