/**
 * Every legacy (pre-Xen-4.6) entry kind, declared once (spec: legacy-stream.md §2-§4): the
 * headers, the body's page batches and special chunks (one kind per chunk id), and the PV or HVM
 * tail. Colours follow what each becomes in a v2 stream (§9, convert-legacy-stream's mapping), so
 * that a legacy file reads in the same colours as a converted one.
 */
import { PAGE_RUN_AUX, pageRunSummary, unknownKind, type Guests, type RecordCategory, type RecordKind } from '../core/RecordKind.ts';
import { Chunk, CHUNK_HVM_PARAM, CHUNK_NAMES, CHUNK_TYPE_BASE, chunkIdOfEntry, LegacyEntry } from './constants.ts';

const libxc = (name: string) => ({ layer: 'libxc', name }) as const;
const libxl = (name: string) => ({ layer: 'libxl', name }) as const;
type Extra = Partial<Pick<RecordKind, 'aux' | 'summary' | 'convertsTo' | 'scanReads'>>;
const kind = (name: string, category: RecordCategory, guests: Guests, extra: Extra = {}): RecordKind => ({ name, category, guests, scanReads: 'whole', ...extra });
const VCPU_AUX = ['vcpu'] as const;

/** Headers (EntryFlag.Header) and the entries of the body and tail that are not chunks. */
const ENTRY_KINDS: Readonly<Record<number, RecordKind>> = {
  [LegacyEntry.P2mSize]: kind('p2m_size', 'header', 'any'),
  [LegacyEntry.ExtendedInfo]: kind('extended info', 'header', 'pv', { convertsTo: libxc('X86_PV_INFO') }),
  [LegacyEntry.P2mFrames]: kind('P2M frame list', 'header', 'pv', { convertsTo: libxc('X86_PV_P2M_FRAMES') }),
  [LegacyEntry.PageBatch]: kind('page batch', 'memory', 'any', { scanReads: 'pfns', aux: PAGE_RUN_AUX, summary: pageRunSummary, convertsTo: libxc('PAGE_DATA') }),
  [LegacyEntry.BodyEnd]: kind('end of body', 'control', 'any'),
  // The converter drops them: v2 streams send unmapped PFNs as XTAB page entries.
  [LegacyEntry.Unmapped]: kind('unmapped PFNs', 'memory', 'pv'),
  [LegacyEntry.VcpuBasic]: kind('vCPU context', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: libxc('X86_PV_VCPU_BASIC') }),
  [LegacyEntry.VcpuExtended]: kind('vCPU extended context', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: libxc('X86_PV_VCPU_EXTENDED') }),
  [LegacyEntry.VcpuXsave]: kind('vCPU XSAVE', 'cpu', 'pv', { aux: VCPU_AUX, convertsTo: libxc('X86_PV_VCPU_XSAVE') }),
  [LegacyEntry.SharedInfo]: kind('shared info', 'platform', 'pv', { convertsTo: libxc('SHARED_INFO') }),
  [LegacyEntry.MagicPfns]: kind('magic PFNs', 'platform', 'hvm', { convertsTo: libxc('HVM_PARAMS') }),
  [LegacyEntry.HvmContext]: kind('HVM context', 'cpu', 'hvm', { convertsTo: libxc('HVM_CONTEXT') }),
  // Only its signature and length are read; the QEMU state is shown by offset.
  [LegacyEntry.QemuRecord]: kind('QEMU record', 'emulator', 'hvm', { scanReads: 'framing', convertsTo: libxl('EMULATOR_CONTEXT') }),
};

/** Special chunks (§3) by chunk id; the "pad+u64" HVM param chunks are added below. */
const CHUNK_KINDS: Readonly<Record<number, Omit<RecordKind, 'name'>>> = {
  [Chunk.ENABLE_VERIFY_MODE]: kind('', 'control', 'any'),
  // Decides which vCPU contexts the PV tail holds; no record of its own.
  [Chunk.VCPU_INFO]: kind('', 'cpu', 'any'),
  // Transcendent memory and compressed pages: the converter cannot convert them.
  [Chunk.TMEM]: kind('', 'memory', 'any'),
  [Chunk.TMEM_EXTRA]: kind('', 'memory', 'any'),
  [Chunk.TSC_INFO]: kind('', 'platform', 'any', { convertsTo: libxc('X86_TSC_INFO') }),
  [Chunk.LAST_CHECKPOINT]: kind('', 'control', 'any'),
  [Chunk.COMPRESSED_DATA]: kind('', 'memory', 'any'),
  [Chunk.ENABLE_COMPRESSION]: kind('', 'control', 'any'),
  [Chunk.TOOLSTACK]: kind('', 'emulator', 'any', { convertsTo: libxl('EMULATOR_XENSTORE_DATA') }),
  ...Object.fromEntries(Object.keys(CHUNK_HVM_PARAM).map((id) => [id, kind('', 'platform', 'hvm', { convertsTo: libxc('HVM_PARAMS') })])),
};

/** The descriptor of a legacy index entry type (chunks are CHUNK_TYPE_BASE + −id). */
export function legacyKind(type: number): RecordKind {
  if (type < CHUNK_TYPE_BASE) return ENTRY_KINDS[type] ?? unknownKind(`legacy ${type}`, 'control');
  const id = chunkIdOfEntry(type);
  const chunk = CHUNK_KINDS[id];
  return chunk ? { ...chunk, name: CHUNK_NAMES[id]! } : unknownKind(`UNKNOWN_CHUNK_${id}`, 'control');
}

export const legacyEntryName = (type: number): string => legacyKind(type).name;

