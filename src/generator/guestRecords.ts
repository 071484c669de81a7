/**
 * The libxc records a valid stream carries besides its pages, each with where it goes and how its
 * body is made. Which guests' streams carry one is not said here: it is its descriptor's `guests`
 * (src/decoder/libxc/kinds.ts), the same that the decoder's R_MANDATORY_UNHANDLED rule reads.
 */
import type { Guests } from '../decoder/core/RecordKind.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import { libxcRecordKind } from '../decoder/libxc/kinds.ts';
import * as body from './bodies.ts';
import { libxc, type RecordPiece } from './plan.ts';
import type { GuestKind, ResolvedSpec } from './spec.ts';

/**
 * Where Xen's saver writes a record: with the static data (before STATIC_DATA_END in v3), at the
 * start of the stream (after it, before the first pages), after each checkpoint's pages, or there
 * once per vCPU.
 */
export type Place = 'static' | 'start' | 'checkpoint' | 'vcpu';

interface GeneratedRecord {
  readonly type: number;
  readonly place: Place;
  /** Streams of only some shapes carry it (the guest aside). */
  readonly when?: (s: ResolvedSpec) => boolean;
  /** Its body in checkpoint `cp`; `vcpu` numbers the vCPU of a per-vCPU record. */
  readonly body: (s: ResolvedSpec, cp: number, vcpu: number) => Uint8Array;
}

export function guestWidth(s: ResolvedSpec): 4 | 8 {
  return s.guest === 'pv32' ? 4 : 8;
}

/** PV: the PFN of the top-level page table every vCPU's cr3 names. */
export const ROOT_TABLE_PFN = 1;

/** The PFNs holding the guest's P2M table: the top of memory, as a Linux guest's are. */
export function p2mFramePfns(s: ResolvedSpec): number[] {
  const fpp = 4096 / guestWidth(s);
  const k = Math.floor((s.pages - 1) / fpp) + 1;
  return Array.from({ length: k }, (_, i) => Math.max(0, s.pages - 1 - i));
}

const v3 = (s: ResolvedSpec) => s.version === 3;

/** In stream order within each place. */
const GENERATED: readonly GeneratedRecord[] = [
  { type: Rec.X86_PV_INFO, place: 'static', body: (s) => body.pvInfo(guestWidth(s), s.guest === 'pv64' ? 4 : 3) },
  { type: Rec.X86_CPUID_POLICY, place: 'static', when: v3, body: () => body.cpuidPolicy(body.DEFAULT_CPUID) },
  { type: Rec.X86_MSR_POLICY, place: 'static', when: v3, body: () => body.msrPolicy(body.DEFAULT_MSRS) },
  { type: Rec.X86_PV_P2M_FRAMES, place: 'start', body: (s) => body.p2mFrames(0, s.pages - 1, p2mFramePfns(s)) },
  { type: Rec.X86_TSC_INFO, place: 'checkpoint', body: (s, cp) => body.tscInfo(s.guest === 'hvm' ? 2 : 0, 2_096_016, BigInt(71_901_702_317 + cp * 1_000_000), 1 + cp) },
  { type: Rec.HVM_CONTEXT, place: 'checkpoint', body: (s) => body.hvmContext(s.vcpus, s.image?.cpu) },
  {
    type: Rec.HVM_PARAMS,
    place: 'checkpoint',
    // STORE_PFN, IOREQ_PFN and BUFIOREQ_PFN just below the top of memory, and IDENT_PT.
    body: (s) => body.hvmParams([[1, BigInt(Math.max(0, s.pages - 2))], [5, BigInt(Math.max(0, s.pages - 3))], [6, BigInt(Math.max(0, s.pages - 4))], [12, 0xfeffc000n]]),
  },
  { type: Rec.SHARED_INFO, place: 'checkpoint', body: () => body.sharedInfo() },
  { type: Rec.X86_PV_VCPU_BASIC, place: 'vcpu', body: (s, _, v) => body.vcpuRecord(v, body.vcpuBasicContext(guestWidth(s), v === 0 ? Math.min(5, s.pages - 1) : 0, ROOT_TABLE_PFN, s.image?.cpu)) },
  { type: Rec.X86_PV_VCPU_EXTENDED, place: 'vcpu', body: (_, __, v) => body.vcpuRecord(v, body.vcpuExtendedContext(v)) },
  { type: Rec.X86_PV_VCPU_XSAVE, place: 'vcpu', body: (_, __, v) => body.vcpuRecord(v, body.vcpuXsaveContext()) },
];

/** Whether a guest of this kind may carry a record declared for `guests`. */
export function carries(guest: GuestKind, guests: Guests): boolean {
  return guests === 'any' || (guests === 'hvm') === (guest === 'hvm');
}

/** The records a valid stream of `s` carries at `place` in checkpoint `cp`, in stream order (per-vCPU ones vCPU by vCPU). */
export function guestRecords(s: ResolvedSpec, place: Place, cp: number): RecordPiece[] {
  const here = GENERATED.filter((g) => g.place === place && carries(s.guest, libxcRecordKind(g.type).guests) && (g.when?.(s) ?? true));
  const vcpus = place === 'vcpu' ? s.vcpus : 1;
  return Array.from({ length: vcpus }, (_, v) => here.map((g) => libxc(g.type, g.body(s, cp, v), cp))).flat();
}
