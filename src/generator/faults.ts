/**
 * Faults the generator can put into a stream: one (at least) for every check the validator
 * makes, named by the check id it must trigger. Each edits a valid plan as little as possible.
 */
import type { CheckId } from '../decoder/core/checks.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import { LibxlRec } from '../decoder/libxl/constants.ts';
import * as body from './bodies.ts';
import { ascii, Bytes, dv } from './bytes.ts';
import {
  insertAfter,
  insertBefore,
  libxc,
  libxl,
  move,
  piece,
  record,
  records,
  remove,
  type Plan,
  type RecordPiece,
} from './plan.ts';
import type { StreamShape, StreamSpec } from './spec.ts';

export interface Fault {
  /** What is wrong, in a few words. */
  description: string;
  /** What the fault needs of the stream around it. */
  base?: StreamShape;
  /** Checks that must fire (others may fire too). Defaults to the fault's own name. */
  expect?: CheckId[];
  apply(plan: Plan): void;
}

const PV: StreamShape = { guest: 'pv64' };
const HVM: StreamShape = { guest: 'hvm' };
const CP: StreamShape = { checkpoints: 2 };
const XS: StreamShape = { guest: 'hvm', xenstore: true };

const u32 = (b: Uint8Array, at: number, v: number) => dv(b).setUint32(at, v >>> 0, true);
const u16 = (b: Uint8Array, at: number, v: number) => dv(b).setUint16(at, v, true);
const be32 = (b: Uint8Array, at: number, v: number) => dv(b).setUint32(at, v >>> 0, false);
const withBody = (r: RecordPiece, b: Uint8Array) => {
  r.body = b;
  delete r.pages;
};
const firstPageData = (p: Plan) => record(p, 'libxc', Rec.PAGE_DATA);
const xlConfig = (p: Plan, text: string, flags = 3) => {
  piece(p, 'xl header').bytes = body.xlHeader({ flags, config: text });
};
/** Sets the type nibble of PFN entry `i` of a PAGE_DATA head. */
const entryType = (r: RecordPiece, i: number, type: number) => {
  const b = r.body;
  b[8 + 8 * i + 7] = (b[8 + 8 * i + 7]! & 0x0f) | (type << 4);
};
const entryPfn = (r: RecordPiece, i: number) => dv(r.body).getUint32(8 + 8 * i, true);
/** A HVM context with one entry replaced. */
const hvmContextWith = (p: Plan, edit: (entries: Uint8Array[]) => Uint8Array[]) => {
  const r = record(p, 'libxc', Rec.HVM_CONTEXT);
  const entries: Uint8Array[] = [];
  for (let at = 0; at < r.body.length; ) {
    const len = dv(r.body).getUint32(at + 4, true);
    entries.push(r.body.slice(at, at + 8 + len));
    at += 8 + len;
  }
  const b = new Bytes();
  for (const e of edit(entries)) b.bytes(e);
  r.body = b.done();
};
const hvmCode = (e: Uint8Array) => dv(e).getUint16(0, true);

export const FAULTS = {
  // --- xl header
  XL_TRUNCATED: { description: 'file ends inside the xl optional data', apply: (p) => (p.cut = { piece: piece(p, 'xl header'), within: 60 }) },
  XL_BAD_MAGIC: { description: 'last bytes of the xl magic wrong', expect: ['XL_BAD_MAGIC', 'MAGIC_NEAR_MISS'], apply: (p) => (piece(p, 'xl header').bytes[30] = 0x21) },
  MAGIC_NEAR_MISS: { description: 'one letter of the xl magic\'s text wrong ("Xen saved domain, xl formaT")', expect: ['MAGIC_NEAR_MISS', 'XL_BAD_MAGIC'], apply: (p) => (piece(p, 'xl header').bytes[26] = 0x54) },
  R_XL_BAD_BYTEORDER: { description: 'byte-order word from a big-endian host', apply: (p) => be32(piece(p, 'xl header').bytes, 32, 0x01020304) },
  R_XL_UNKNOWN_MANDATORY: { description: 'unknown mandatory flag bit 2', apply: (p) => u32(piece(p, 'xl header').bytes, 36, 7) },
  R_XL_OPTDATA_TRUNCATED: { description: 'config length longer than the optional data', apply: (p) => u32(piece(p, 'xl header').bytes, 48, 100_000) },
  R_XL_NO_CONFIG: { description: 'no domain config in the xl header', base: { config: 'none' }, apply: () => {} },
  XL_OPTIONAL_FLAGS: { description: 'optional_flags set', apply: (p) => u32(piece(p, 'xl header').bytes, 40, 1) },
  XL_CONFIG_UNPARSABLE: { description: 'JSON flag with a config that is not JSON', apply: (p) => xlConfig(p, '{"c_info": \0') },
  XL_STREAM_MISMATCH: { description: 'STREAMv2 flag clear over a libxl stream', apply: (p) => u32(piece(p, 'xl header').bytes, 36, 1) },
  XL_MIGRATE_TRAILER: { description: 'xl migrate trailer after the stream', apply: (p) => p.pieces.push({ kind: 'bytes', name: 'trailer', bytes: ascii('domain is yours, you are cleared to unpause\0') }) },
  R_DHDR_TYPE_MISMATCH: { description: 'config says PV for an HVM stream', base: HVM, apply: (p) => xlConfig(p, '{"c_info":{"type":"pv"},"b_info":{"max_vcpus":1}}\0') },

  // --- libxc headers
  IHDR_BAD_MARKER: { description: 'image header marker not all ones', expect: ['IHDR_BAD_MARKER', 'MAGIC_NEAR_MISS'], apply: (p) => (piece(p, 'image header').bytes[0] = 0xfe) },
  IHDR_BAD_ID: { description: 'image header id not XENF', expect: ['IHDR_BAD_ID', 'MAGIC_NEAR_MISS'], apply: (p) => (piece(p, 'image header').bytes[8] = 0x59) },
  IHDR_BAD_VERSION: { description: 'stream version 4', apply: (p) => be32(piece(p, 'image header').bytes, 12, 4) },
  IHDR_OPTIONS_RESERVED: { description: 'reserved image option bit', apply: (p) => (piece(p, 'image header').bytes[16] = 0x80) },
  IHDR_RESERVED_NONZERO: { description: 'image header reserved field set', apply: (p) => (piece(p, 'image header').bytes[23] = 1) },
  R_IHDR_BIG_ENDIAN: { description: 'image header says big-endian', apply: (p) => (piece(p, 'image header').bytes[17] = 1) },
  DHDR_BAD_TYPE: { description: 'domain type 3 (PVH v1)', apply: (p) => u32(piece(p, 'domain header').bytes, 0, 3) },
  DHDR_RESERVED_NONZERO: { description: 'domain header reserved field set', apply: (p) => u16(piece(p, 'domain header').bytes, 6, 1) },
  DHDR_BAD_PAGE_SHIFT: { description: 'page shift 13', apply: (p) => u16(piece(p, 'domain header').bytes, 4, 13) },
  DHDR_LEGACY_CONVERTED: { description: 'Xen major 0 (converted)', apply: (p) => u32(piece(p, 'domain header').bytes, 8, 0) },

  // --- libxc framing
  REC_UNKNOWN_TYPE: { description: 'record of undefined mandatory type 0x13', apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), libxc(0x13, new Uint8Array(8))) },
  R_OPTIONAL_UNKNOWN: { description: 'record of undefined optional type 0x80000001', apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), libxc(0x80000001, new Uint8Array(12))) },
  REC_PADDING_NONZERO: {
    description: 'non-zero padding after a libxc record',
    apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), { ...libxc(0x80000002, new Uint8Array(5)), pad: new Uint8Array([0, 0, 9]) }),
  },
  R_REC_TOO_LONG: {
    description: 'a 129 MiB record (an optional one, holes as body)',
    apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), { ...libxc(0x80000003, new Uint8Array(0)), pages: { pfns: Array.from({ length: (129 << 20) / 4096 }, (_, i) => i), content: 'zero' } }),
  },
  R_MANDATORY_UNHANDLED: { description: 'HVM_PARAMS in a PV stream', base: PV, apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), libxc(Rec.HVM_PARAMS, body.hvmParams([[1, 1n]]))) },
  STREAM_UNREADABLE: { description: 'garbage record header with a huge length', apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), { ...libxc(0x4f3c2b1a, new Uint8Array(0)), length: 0x7ffffff0 }) },

  // --- libxc records
  END_NONZERO_LEN: { description: 'END with a body', apply: (p) => (record(p, 'libxc', Rec.END).body = new Uint8Array(8)) },
  PAGE_DATA_TOO_SHORT: { description: 'PAGE_DATA with an 8-byte body', apply: (p) => withBody(firstPageData(p), new Uint8Array(8)) },
  PAGE_DATA_HDR_RESERVED: { description: 'PAGE_DATA reserved field set', apply: (p) => u32(firstPageData(p).body, 4, 1) },
  PAGE_DATA_PFNS_SHORT: { description: 'PAGE_DATA count larger than its PFN array', apply: (p) => u32(firstPageData(p).body, 0, 0x100000) },
  PAGE_DATA_PFN_RESERVED: { description: 'PFN entry with reserved bits 52-59', apply: (p) => (firstPageData(p).body[8 + 6] = 0x10) },
  PAGE_DATA_BAD_TYPE: { description: 'PFN entry of undefined type 8', apply: (p) => entryType(firstPageData(p), 0, 8) },
  PAGE_DATA_BAD_LENGTH: { description: 'PAGE_DATA with a page too many', apply: (p) => firstPageData(p).pages!.pfns.push(0) },
  R_PAGE_DATA_COUNT_ZERO: { description: 'PAGE_DATA with count 0', expect: ['R_PAGE_DATA_COUNT_ZERO', 'PAGE_DATA_BAD_LENGTH'], apply: (p) => withBody(firstPageData(p), new Uint8Array(16)) },
  R_PAGE_DATA_PFN_RANGE: { description: 'PV PFN beyond the P2M size', base: PV, apply: (p) => u32(firstPageData(p).body, 8, 0x100000) },
  PV_INFO_BAD_LENGTH: { description: 'X86_PV_INFO of 16 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_INFO).body = new Bytes().bytes(body.pvInfo(8, 4)).zeros(8).done()) },
  PV_INFO_BAD_WIDTH: { description: 'guest width 2', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_INFO).body[0] = 2) },
  PV_INFO_BAD_LEVELS: { description: 'page-table levels 5', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_INFO).body[1] = 5) },
  PV_INFO_RESERVED: { description: 'X86_PV_INFO reserved byte set', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_INFO).body[5] = 1) },
  R_PV_INFO_DUPLICATE: { description: 'X86_PV_INFO twice', base: PV, apply: (p) => insertAfter(p, record(p, 'libxc', Rec.X86_PV_INFO), libxc(Rec.X86_PV_INFO, body.pvInfo(8, 4))) },
  R_PV_INFO_COMBINATION: { description: '64-bit guest with 3 levels', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_INFO).body[1] = 3) },
  P2M_FRAMES_TOO_SHORT: { description: 'X86_PV_P2M_FRAMES of 4 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body = new Uint8Array(4)) },
  P2M_FRAMES_NOT_MULT8: { description: 'X86_PV_P2M_FRAMES of 8·k + 4 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body = new Bytes().bytes(record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body).zeros(4).done()) },
  R_P2M_BEFORE_PV_INFO: {
    description: 'X86_PV_P2M_FRAMES before X86_PV_INFO',
    base: PV,
    apply: (p) => move(p, record(p, 'libxc', Rec.X86_PV_INFO), 'after', record(p, 'libxc', Rec.X86_PV_P2M_FRAMES)),
  },
  R_P2M_START_GT_END: { description: 'P2M start after end', base: PV, apply: (p) => u32(record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body, 0, 0x10000) },
  R_P2M_BAD_LENGTH: { description: 'P2M frame list one frame short', base: { guest: 'pv64', pages: 1024 }, apply: (p) => { const r = record(p, 'libxc', Rec.X86_PV_P2M_FRAMES); r.body = r.body.slice(0, r.body.length - 8); } },
  R_P2M_FRAME_PFN: { description: 'P2M frame PFN beyond the P2M size', base: PV, apply: (p) => u32(record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body, 8, 0x7fffffff) },
  P2M_FRAME_NOT_SENT: {
    description: 'the page holding the P2M is sent as XTAB',
    base: PV,
    apply: (p) => {
      const frame = dv(record(p, 'libxc', Rec.X86_PV_P2M_FRAMES).body).getUint32(8, true);
      for (const r of records(p, 'libxc', Rec.PAGE_DATA)) {
        const n = dv(r.body).getUint32(0, true);
        for (let i = 0; i < n; i++) {
          if (entryPfn(r, i) !== frame) continue;
          entryType(r, i, 0xf);
          r.pages!.pfns = r.pages!.pfns.filter((x) => x !== frame);
        }
      }
    },
  },
  PV_VCPU_TOO_SHORT: { description: 'vCPU record of 4 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_XSAVE).body = new Uint8Array(4)) },
  PV_VCPU_EMPTY: { description: 'vCPU record with no context', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_XSAVE).body = new Uint8Array(8)) },
  PV_VCPU_RESERVED: { description: 'vCPU record reserved field set', base: PV, apply: (p) => u32(record(p, 'libxc', Rec.X86_PV_VCPU_EXTENDED).body, 4, 1) },
  R_PV_VCPU_ID_RANGE: { description: 'vCPU id 5 with 1 vCPU configured', base: PV, apply: (p) => u32(record(p, 'libxc', Rec.X86_PV_VCPU_XSAVE).body, 0, 5) },
  R_PV_VCPU_BASIC_SIZE: { description: '64-bit guest with a 32-bit-sized basic context', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_BASIC).body = body.vcpuRecord(0, body.vcpuBasicContext(4, 5, 1))) },
  R_PV_CR3_PFN: { description: "vCPU 0's cr3 names an ordinary page, not the L4 table", base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_BASIC).body = body.vcpuRecord(0, body.vcpuBasicContext(8, 5, 7))) },
  R_START_INFO_PFN: { description: "vCPU 0's start_info PFN beyond the P2M", base: { guest: 'pv32' }, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_BASIC).body = body.vcpuRecord(0, body.vcpuBasicContext(4, 0x123456, 1))) },
  R_PV_VCPU_EXT_TOO_LONG: { description: 'extended context of 136 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_EXTENDED).body = body.vcpuRecord(0, new Uint8Array(136))) },
  R_PV_VCPU_XSAVE_SHORT: { description: 'xsave context of 8 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.X86_PV_VCPU_XSAVE).body = body.vcpuRecord(0, new Uint8Array(8))) },
  R_PV_VCPU_MSRS_NOT_MULT16: { description: 'MSR list of 24 bytes', base: PV, apply: (p) => insertAfter(p, record(p, 'libxc', Rec.X86_PV_VCPU_XSAVE), libxc(Rec.X86_PV_VCPU_MSRS, body.vcpuRecord(0, new Uint8Array(24)))) },
  R_PV_VCPU0_MISSING: { description: 'no basic context for vCPU 0', base: PV, apply: (p) => remove(p, record(p, 'libxc', Rec.X86_PV_VCPU_BASIC)) },
  R_SHINFO_BEFORE_PV_INFO: {
    description: 'SHARED_INFO before X86_PV_INFO',
    base: PV,
    apply: (p) => move(p, record(p, 'libxc', Rec.SHARED_INFO), 'before', record(p, 'libxc', Rec.X86_PV_INFO)),
  },
  SHARED_INFO_BAD_LENGTH: { description: 'SHARED_INFO of 4000 bytes', base: PV, apply: (p) => (record(p, 'libxc', Rec.SHARED_INFO).body = new Uint8Array(4000)) },
  TSC_INFO_BAD_LENGTH: { description: 'X86_TSC_INFO of 16 bytes', apply: (p) => (record(p, 'libxc', Rec.X86_TSC_INFO).body = new Uint8Array(16)) },
  TSC_INFO_RESERVED: { description: 'X86_TSC_INFO reserved field set', apply: (p) => u32(record(p, 'libxc', Rec.X86_TSC_INFO).body, 20, 1) },
  HVM_CONTEXT_EMPTY: { description: 'empty HVM_CONTEXT', base: HVM, apply: (p) => (record(p, 'libxc', Rec.HVM_CONTEXT).body = new Uint8Array(0)) },
  HVM_PARAMS_TOO_SHORT: { description: 'HVM_PARAMS of 4 bytes', base: HVM, apply: (p) => (record(p, 'libxc', Rec.HVM_PARAMS).body = new Uint8Array(4)) },
  HVM_PARAMS_RESERVED: { description: 'HVM_PARAMS reserved field set', base: HVM, apply: (p) => u32(record(p, 'libxc', Rec.HVM_PARAMS).body, 4, 1) },
  HVM_PARAMS_EMPTY: { description: 'HVM_PARAMS with count 0', base: HVM, apply: (p) => (record(p, 'libxc', Rec.HVM_PARAMS).body = body.hvmParams([])) },
  HVM_PARAMS_BAD_LENGTH: { description: 'HVM_PARAMS count one more than its entries', base: HVM, apply: (p) => u32(record(p, 'libxc', Rec.HVM_PARAMS).body, 0, 5) },
  R_HVM_PARAM_PAE: { description: 'obsolete PAE_ENABLED param', base: HVM, apply: (p) => (record(p, 'libxc', Rec.HVM_PARAMS).body = body.hvmParams([[1, 0xfeffen], [4, 1n]])) },
  HVM_PARAM_UNEXPECTED: { description: 'STORE_EVTCHN param (set by the restorer, never migrated)', base: HVM, apply: (p) => (record(p, 'libxc', Rec.HVM_PARAMS).body = body.hvmParams([[1, 0xfeffen], [2, 3n]])) },
  TOOLSTACK_PRESENT: { description: 'deprecated TOOLSTACK record', apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), libxc(Rec.TOOLSTACK, new Uint8Array(16))) },
  VERIFY_NONZERO_LEN: { description: 'VERIFY with a body', apply: (p) => insertBefore(p, firstPageData(p), libxc(Rec.VERIFY, new Uint8Array(8))) },
  CHECKPOINT_NONZERO_LEN: { description: 'CHECKPOINT with a body', base: CP, apply: (p) => (record(p, 'libxc', Rec.CHECKPOINT).body = new Uint8Array(8)) },
  DIRTY_PFN_LIST_PRESENT: { description: 'COLO back-channel record in a forward stream', apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), libxc(Rec.CHECKPOINT_DIRTY_PFN_LIST, new Bytes().u64(1).u64(2).done())) },
  SDE_NONZERO_LEN: { description: 'STATIC_DATA_END with a body', apply: (p) => (record(p, 'libxc', Rec.STATIC_DATA_END).body = new Uint8Array(8)) },
  SDE_IN_V2: { description: 'STATIC_DATA_END in a v2 stream', base: { version: 2 }, apply: (p) => insertBefore(p, firstPageData(p), libxc(Rec.STATIC_DATA_END, new Uint8Array(0))) },
  CPUID_POLICY_IN_V2: { description: 'X86_CPUID_POLICY in a v2 stream', base: { version: 2 }, apply: (p) => insertBefore(p, firstPageData(p), libxc(Rec.X86_CPUID_POLICY, body.cpuidPolicy(body.DEFAULT_CPUID))) },
  CPUID_POLICY_BAD_LENGTH: { description: 'X86_CPUID_POLICY of 30 bytes', apply: (p) => (record(p, 'libxc', Rec.X86_CPUID_POLICY).body = new Uint8Array(30)) },
  MSR_POLICY_IN_V2: { description: 'X86_MSR_POLICY in a v2 stream', base: { version: 2 }, apply: (p) => insertBefore(p, firstPageData(p), libxc(Rec.X86_MSR_POLICY, body.msrPolicy(body.DEFAULT_MSRS))) },
  MSR_POLICY_BAD_LENGTH: { description: 'X86_MSR_POLICY of 20 bytes', apply: (p) => (record(p, 'libxc', Rec.X86_MSR_POLICY).body = new Uint8Array(20)) },
  R_SDE_DUPLICATE: { description: 'STATIC_DATA_END twice', apply: (p) => insertAfter(p, record(p, 'libxc', Rec.STATIC_DATA_END), libxc(Rec.STATIC_DATA_END, new Uint8Array(0))) },
  R_SDE_MISSING: { description: 'v3 stream without STATIC_DATA_END', apply: (p) => remove(p, record(p, 'libxc', Rec.STATIC_DATA_END)) },
  R_POLICY_AFTER_SDE: {
    description: 'X86_MSR_POLICY after STATIC_DATA_END',
    apply: (p) => move(p, record(p, 'libxc', Rec.X86_MSR_POLICY), 'after', record(p, 'libxc', Rec.STATIC_DATA_END)),
  },
  R_CHECKPOINT_IN_PLAIN: { description: 'a checkpointed (Remus) stream', base: CP, apply: () => {} },
  SPEC_HVM_ORDER: { description: 'HVM_CONTEXT before HVM_PARAMS, as Xen writes', base: HVM, apply: () => {} },

  // --- HVM context
  H_FIRST_NOT_HEADER: { description: 'HVM context starting with CPU', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.slice(1)) },
  H_HEADER_MAGIC: { description: 'HVM context HEADER magic wrong', base: HVM, apply: (p) => u32(record(p, 'libxc', Rec.HVM_CONTEXT).body, 8, 0x12345678) },
  H_HEADER_VERSION: { description: 'HVM context HEADER version 2', base: HVM, apply: (p) => u32(record(p, 'libxc', Rec.HVM_CONTEXT).body, 12, 2) },
  H_NO_END: { description: 'HVM context without END', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.slice(0, -1)) },
  H_ENTRY_OVERRUN: { description: 'HVM context entry longer than the blob', base: HVM, apply: (p) => hvmContextWith(p, (e) => [...e.slice(0, -1), body.hvmEntry(0x13, 0, new Uint8Array(0)).map((b, i) => (i === 4 ? 0xff : b))]) },
  H_UNKNOWN_TYPE: { description: 'HVM context entry of type 21', base: HVM, apply: (p) => hvmContextWith(p, (e) => [...e.slice(0, -1), body.hvmEntry(21, 0, new Uint8Array(8)), e[e.length - 1]!]) },
  H_STRICT_LENGTH: { description: 'PIT entry of 48 bytes', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 10 ? body.hvmEntry(10, 0, new Uint8Array(48)) : x))) },
  H_ZEROEXT_TOO_LONG: { description: 'RTC entry of 32 bytes', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 11 ? body.hvmEntry(11, 0, new Uint8Array(32)) : x))) },
  H_XSAVE_SHORT: { description: 'CPU_XSAVE of 100 bytes', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 16 ? body.hvmEntry(16, 0, new Uint8Array(100)) : x))) },
  H_MSR_LENGTH: { description: 'CPU_MSR count 2 with one entry', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 20 ? x.map((b, i) => (i === 8 ? 2 : b)) : x))) },
  H_MSR_RESERVED: { description: 'CPU_MSR entry reserved field set', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 20 ? x.map((b, i) => (i === 8 + 8 + 4 ? 1 : b)) : x))) },
  H_VCPU_INSTANCE: { description: 'LAPIC entry for vCPU 3 with 1 vCPU configured', base: HVM, apply: (p) => hvmContextWith(p, (e) => e.map((x) => (hvmCode(x) === 5 ? x.map((b, i) => (i === 2 ? 3 : b)) : x))) },

  // --- libxl
  LHDR_BAD_IDENT: { description: 'libxl header ident wrong', expect: ['LHDR_BAD_IDENT', 'MAGIC_NEAR_MISS'], apply: (p) => (piece(p, 'libxl header').bytes[0] = 0x6c) },
  LHDR_BAD_VERSION: { description: 'libxl version 3', apply: (p) => be32(piece(p, 'libxl header').bytes, 8, 3) },
  LHDR_OPTIONS_RESERVED: { description: 'reserved libxl option bit', apply: (p) => be32(piece(p, 'libxl header').bytes, 12, 4) },
  R_LHDR_BIG_ENDIAN: { description: 'libxl header says big-endian', apply: (p) => be32(piece(p, 'libxl header').bytes, 12, 1) },
  LHDR_LEGACY: { description: 'libxl header legacy bit', apply: (p) => be32(piece(p, 'libxl header').bytes, 12, 2) },
  LREC_UNKNOWN_TYPE: { description: 'libxl record of type 6', apply: (p) => insertBefore(p, record(p, 'libxl', LibxlRec.END), libxl(6, new Uint8Array(8))) },
  LREC_PADDING_NONZERO: { description: 'non-zero padding after a libxl record', base: HVM, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_CONTEXT).pad = new Uint8Array([0, 1, 0])) },
  LEND_NONZERO_LEN: { description: 'libxl END with a body', apply: (p) => (record(p, 'libxl', LibxlRec.END).body = new Uint8Array(8)) },
  LIBXC_CTX_NONZERO_LEN: { description: 'LIBXC_CONTEXT with a body', apply: (p) => (record(p, 'libxl', LibxlRec.LIBXC_CONTEXT).body = new Uint8Array(8)) },
  EMU_XS_TOO_SHORT: { description: 'EMULATOR_XENSTORE_DATA of 4 bytes', base: XS, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA).body = new Uint8Array(4)) },
  EMU_XS_BAD_ID: { description: 'EMULATOR_XENSTORE_DATA emulator id 7', base: XS, apply: (p) => u32(record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA).body, 0, 7) },
  EMU_XS_NOT_NUL_TERMINATED: { description: 'xenstore value without its NUL', base: XS, apply: (p) => { const r = record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA); r.body = r.body.slice(0, -1); } },
  EMU_XS_ODD_STRINGS: { description: 'xenstore key without a value', base: XS, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA).body = body.emulatorRecord(2, 0, new Bytes().text('physmap/1/size').u8(0).text('10').u8(0).text('lonely').u8(0).done())) },
  R_EMU_XS_KEY_EMPTY: { description: 'empty xenstore key', base: XS, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA).body = body.emulatorRecord(2, 0, body.xenstorePairs([['', 'x']]))) },
  R_EMU_XS_KEY_ABSOLUTE: { description: 'absolute xenstore key', base: XS, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_XENSTORE_DATA).body = body.emulatorRecord(2, 0, body.xenstorePairs([['/local/domain/0/x', '1']]))) },
  EMU_CTX_TOO_SHORT: { description: 'EMULATOR_CONTEXT of 4 bytes', base: HVM, apply: (p) => (record(p, 'libxl', LibxlRec.EMULATOR_CONTEXT).body = new Uint8Array(4)) },
  EMU_CTX_BAD_ID: { description: 'EMULATOR_CONTEXT emulator id 9', base: HVM, apply: (p) => u32(record(p, 'libxl', LibxlRec.EMULATOR_CONTEXT).body, 0, 9) },
  EMU_INDEX_NONZERO: { description: 'emulator index 1', base: HVM, apply: (p) => u32(record(p, 'libxl', LibxlRec.EMULATOR_CONTEXT).body, 4, 1) },
  R_EMU_NOT_HVM: { description: 'EMULATOR_CONTEXT in a PV stream', base: PV, apply: (p) => insertBefore(p, record(p, 'libxl', LibxlRec.END), libxl(LibxlRec.EMULATOR_CONTEXT, body.emulatorRecord(2, 0, body.qemuState(64)))) },
  CP_END_NONZERO_LEN: { description: 'CHECKPOINT_END with a body', base: CP, apply: (p) => (record(p, 'libxl', LibxlRec.CHECKPOINT_END).body = new Uint8Array(8)) },
  CP_STATE_EMPTY: { description: 'CHECKPOINT_STATE with no body', base: CP, apply: (p) => insertAfter(p, record(p, 'libxl', LibxlRec.CHECKPOINT_END), libxl(LibxlRec.CHECKPOINT_STATE, new Uint8Array(0))) },
  CP_STATE_VALUE: { description: 'COLO CHECKPOINT_STATE 7', base: { ...CP, colo: true }, apply: (p) => u32(record(p, 'libxl', LibxlRec.CHECKPOINT_STATE).body, 0, 7) },
  R_CP_END_UNEXPECTED: { description: 'CHECKPOINT_END in a plain stream', apply: (p) => insertBefore(p, record(p, 'libxl', LibxlRec.END), libxl(LibxlRec.CHECKPOINT_END, new Uint8Array(0))) },
  R_CP_STATE_UNEXPECTED: { description: 'CHECKPOINT_STATE in a plain stream', apply: (p) => insertBefore(p, record(p, 'libxl', LibxlRec.END), libxl(LibxlRec.CHECKPOINT_STATE, body.checkpointState(0))) },
  R_COLO_STATE_VALUE: { description: 'COLO CHECKPOINT_STATE SVM_READY on the forward channel', base: { ...CP, colo: true }, apply: (p) => u32(record(p, 'libxl', LibxlRec.CHECKPOINT_STATE).body, 0, 2) },
  CHECKPOINT_INCOMPLETE: {
    description: 'Remus stream cut inside its second checkpoint',
    base: CP,
    apply: (p) => {
      const second = p.pieces.find((x) => x.kind === 'record' && x.checkpoint === 1 && x.type === Rec.PAGE_DATA)!;
      p.cut = { piece: second, within: 20 };
    },
  },

  // --- file level
  FORMAT_UNKNOWN: { description: 'not a stream at all: the xl header replaced by text', apply: (p) => (piece(p, 'xl header').bytes = ascii('This is a text file, not a save image.\n')) },
  ANY_TRUNCATED: { description: 'file cut inside a PAGE_DATA record', apply: (p) => (p.cut = { piece: firstPageData(p), within: 5000 }) },
  TRAILING_DATA: { description: 'junk after the stream', apply: (p) => p.pieces.push({ kind: 'bytes', name: 'trailer', bytes: ascii('junk after the end') }) },
  BODY_NOT_EXAMINED: { description: 'an X86_MSR_POLICY record of 17 MiB', apply: (p) => { const r = record(p, 'libxc', Rec.X86_MSR_POLICY); r.pages = { pfns: Array.from({ length: (17 << 20) / 4096 }, (_, i) => i), content: 'zero' }; } },
  DIAGNOSTIC_LIMIT: { description: '10,001 empty HVM_PARAMS records', base: HVM, apply: (p) => insertBefore(p, record(p, 'libxc', Rec.END), ...Array.from({ length: 10_001 }, () => libxc(Rec.HVM_PARAMS, body.hvmParams([])))) },
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;

/** The spec a fault is meant for: its base plus the fault itself. */
export function faultSpec(name: FaultName, extra: StreamShape = {}): StreamSpec {
  const f: Fault = FAULTS[name];
  return { ...f.base, ...extra, faults: [name] };
}

export function expectedChecks(name: FaultName): CheckId[] {
  const f: Fault = FAULTS[name];
  return f.expect ?? [name as CheckId];
}
