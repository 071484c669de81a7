/**
 * Every libxc record type and the two libxc headers, declared once (spec: libxc-stream.md §2,
 * §3, §5; the "Guest" column gives which guests may carry a record).
 */
import { Endian } from '../core/endian.ts';
import { PAGE_RUN_AUX, pageRunSummary, unknownKind, type Guests, type HeaderKind, type RecordCategory, type RecordKind } from '../core/RecordKind.ts';
import { DHDR_SIZE, IHDR_SIZE, LibxcHeader, Rec, REC_OPTIONAL_BIT } from './constants.ts';
import { dissectDomainHeader, dissectImageHeader } from './headers.ts';
import { BodyDissectors, type BodyDissector } from './records.ts';

export interface LibxcKind extends RecordKind {
  /** The body's dissector; PAGE_DATA has none here (pageData.ts reads it in pieces). */
  readonly body?: BodyDissector;
}

const kind = (name: keyof typeof Rec, category: RecordCategory, guests: Guests, body: BodyDissector): LibxcKind => ({ name, category, guests, scanReads: 'whole', body });

export const LIBXC_RECORD_KINDS: Readonly<Record<number, LibxcKind>> = {
  [Rec.END]: kind('END', 'control', 'any', BodyDissectors.end),
  [Rec.PAGE_DATA]: { name: 'PAGE_DATA', category: 'memory', guests: 'any', scanReads: 'pfns', aux: PAGE_RUN_AUX, summary: pageRunSummary },
  [Rec.X86_PV_INFO]: kind('X86_PV_INFO', 'platform', 'pv', BodyDissectors.pvInfo),
  [Rec.X86_PV_P2M_FRAMES]: kind('X86_PV_P2M_FRAMES', 'memory', 'pv', BodyDissectors.p2mFrames),
  [Rec.X86_PV_VCPU_BASIC]: kind('X86_PV_VCPU_BASIC', 'cpu', 'pv', BodyDissectors.vcpuBasic),
  [Rec.X86_PV_VCPU_EXTENDED]: kind('X86_PV_VCPU_EXTENDED', 'cpu', 'pv', BodyDissectors.vcpuExtended),
  [Rec.X86_PV_VCPU_XSAVE]: kind('X86_PV_VCPU_XSAVE', 'cpu', 'pv', BodyDissectors.vcpuXsave),
  [Rec.SHARED_INFO]: kind('SHARED_INFO', 'platform', 'pv', BodyDissectors.sharedInfo),
  [Rec.X86_TSC_INFO]: kind('X86_TSC_INFO', 'platform', 'any', BodyDissectors.tscInfo),
  [Rec.HVM_CONTEXT]: kind('HVM_CONTEXT', 'cpu', 'hvm', BodyDissectors.hvmContext),
  [Rec.HVM_PARAMS]: kind('HVM_PARAMS', 'platform', 'hvm', BodyDissectors.hvmParams),
  [Rec.TOOLSTACK]: kind('TOOLSTACK', 'emulator', 'any', BodyDissectors.toolstack),
  [Rec.X86_PV_VCPU_MSRS]: kind('X86_PV_VCPU_MSRS', 'cpu', 'pv', BodyDissectors.vcpuMsrs),
  [Rec.VERIFY]: kind('VERIFY', 'control', 'any', BodyDissectors.verify),
  [Rec.CHECKPOINT]: kind('CHECKPOINT', 'control', 'any', BodyDissectors.checkpoint),
  [Rec.CHECKPOINT_DIRTY_PFN_LIST]: kind('CHECKPOINT_DIRTY_PFN_LIST', 'memory', 'any', BodyDissectors.dirtyPfnList),
  [Rec.STATIC_DATA_END]: kind('STATIC_DATA_END', 'control', 'any', BodyDissectors.staticDataEnd),
  [Rec.X86_CPUID_POLICY]: kind('X86_CPUID_POLICY', 'cpu', 'any', BodyDissectors.cpuidPolicy),
  [Rec.X86_MSR_POLICY]: kind('X86_MSR_POLICY', 'cpu', 'any', BodyDissectors.msrPolicy),
};

export const LIBXC_HEADER_KINDS: Readonly<Record<number, HeaderKind>> = {
  [LibxcHeader.Image]: { name: 'image header', category: 'header', guests: 'any', scanReads: 'whole', size: IHDR_SIZE, littleEndian: Endian.Big, dissect: dissectImageHeader },
  [LibxcHeader.Domain]: { name: 'domain header', category: 'header', guests: 'any', scanReads: 'whole', size: DHDR_SIZE, littleEndian: Endian.Little, dissect: dissectDomainHeader },
};

export function isKnownRecord(type: number): boolean {
  return type in LIBXC_RECORD_KINDS;
}

/** The descriptor of a record type; undefined types get a name that says whether they are optional. */
export function libxcRecordKind(type: number): LibxcKind {
  return LIBXC_RECORD_KINDS[type] ?? unknownKind(`${(type & REC_OPTIONAL_BIT) !== 0 ? 'OPTIONAL' : 'UNKNOWN'}_${type.toString(16)}`, 'control');
}

export function recordName(type: number): string {
  return libxcRecordKind(type).name;
}
