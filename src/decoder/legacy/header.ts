/**
 * The legacy header (spec: legacy-stream.md §2): p2m_size, and for PV guests the extended-info
 * block and the P2M frame list. Each dissector's span starts at its entry.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { decHex, hex, latin1, printable, sizeText } from '../dissect/show.ts';
import { ProblemTally } from '../dissect/tally.ts';
import { PAGE_SIZE, TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';
import { ExtBlock, VCPU_CONTEXT_SIZE, XSAVE_HEADER_SIZE } from './constants.ts';
import type { LegacyEnv } from './env.ts';

/** An `unsigned long` of the toolstack's width (values past 2^53 lose precision, harmlessly here). */
export function readWord(d: Dissection, at: number, width: number): number {
  return width === 8 ? d.peekU32(at + 4) * 2 ** 32 + d.peekU32(at) : d.peekU32(at);
}

export function word(d: Dissection, name: string, at: number, width: number, show: (v: number) => string = decHex): number {
  const v = readWord(d, at, width);
  d.field(name, at, width, width === 8 ? d.peekU64(at) : v, show(v));
  return v;
}

export function dissectP2mSize(d: Dissection, env: LegacyEnv): number {
  return word(d, 'p2m_size', 0, env.width, (v) => `${decHex(v)} PFNs (max PFN ${v > 0 ? hex(v - 1) : 'none'}, ${sizeText(v * PAGE_SIZE)} of guest memory)`);
}

/** The all-ones word that starts a PV stream's extended info (§2.2). */
export function isSignature(d: Dissection, at: number, width: number): boolean {
  return d.peekU32(at) === 0xffffffff && (width === 4 || d.peekU32(at + 4) === 0xffffffff);
}

export interface ExtendedInfo {
  /** Guest word size from the `vcpu` block, when it has a known size. */
  guestWidth?: 4 | 8;
  extendedContexts: boolean;
  /** `xcnt`: bytes of each vCPU's XSAVE record in the tail, 0 when absent. */
  xsaveSize: number;
}

/**
 * The extended-info block: signature, u32 total size, then blocks of char[4] id, u32 size, data.
 * The span may stop short of the declared size (very large blocks are not read whole).
 */
export function dissectExtendedInfo(d: Dissection, env: LegacyEnv): ExtendedInfo {
  const w = env.width;
  const info: ExtendedInfo = { extendedContexts: false, xsaveSize: 0 };
  d.field('signature', 0, w, w === 8 ? d.peekU64(0) : d.peekU32(0), 'all ones: extended info follows');
  const total = d.u32('total_size', w, (v) => `${v} bytes of blocks`);
  const start = w + 4;
  const end = start + total;
  let pos = start;
  let sawVcpu = false;
  while (pos < end) {
    if (pos + 8 > end) {
      d.problem('LEGACY_EXTINFO_OVERRUN', pos, end - pos, `${end - pos} byte(s) left of the extended info, too few for a block header: the 4.5 restorer and convert-legacy-stream both fail here`);
      if (d.has(pos, end - pos)) d.span('stray bytes', pos, end - pos, `${end - pos} bytes`);
      break;
    }
    if (!d.has(pos, 8)) {
      d.span('blocks not examined', pos, d.size - pos, `${end - pos} bytes too many to read`);
      break;
    }
    const id = latin1(d.bytes.subarray(pos, pos + 4));
    const size = d.peekU32(pos + 4);
    const blockEnd = pos + 8 + size;
    if (blockEnd > end) {
      d.problem('LEGACY_EXTINFO_OVERRUN', pos + 4, 4, `block "${printable(d.bytes.subarray(pos, pos + 4))}" of ${size} bytes runs ${blockEnd - end} byte(s) past the ${total}-byte extended info: the 4.5 restorer and convert-legacy-stream both refuse it`);
    }
    const at = pos;
    const avail = Math.min(size, d.size - at - 8);
    d.group(`block "${printable(d.bytes.subarray(at, at + 4))}"`, at, 8 + avail, () => blockSummary(id, size, info), () => {
      d.span('id', at, 4, `"${printable(d.bytes.subarray(at, at + 4))}"`, id);
      d.u32('data_size', at + 4, (v) => `${v} bytes`);
      if (id === ExtBlock.Vcpu) {
        sawVcpu = true;
        if (size === VCPU_CONTEXT_SIZE[4]) info.guestWidth = 4;
        else if (size === VCPU_CONTEXT_SIZE[8]) info.guestWidth = 8;
        else d.problem('LEGACY_VCPU_BLOCK_SIZE', at + 4, 4, `the "vcpu" block is ${size} bytes; its size says the guest width (2800: 32-bit, 5168: 64-bit), so the 4.5 restorer ("bad extended-info context size") and convert-legacy-stream both refuse it`);
        if (avail > 0) d.span('vcpu_guest_context (vCPU 0)', at + 8, avail, `${size} bytes${info.guestWidth ? `: ${info.guestWidth * 8}-bit PV guest, ${info.guestWidth === 8 ? 4 : 3}-level paging` : ''}`);
      } else if (id === ExtBlock.Extv) {
        info.extendedContexts = true;
        if (avail > 0) d.span('data (ignored)', at + 8, avail, `${size} bytes`);
      } else if (id === ExtBlock.Xcnt) {
        if (size !== 4) {
          d.problem('LEGACY_XCNT_SIZE', at + 4, 4, `the "xcnt" block is ${size} bytes, not 4: the 4.5 restorer reads 4 bytes but counts ${size}, so the rest of the header is misread (convert-legacy-stream reads it whole)`);
        }
        if (avail >= 4) {
          info.xsaveSize = d.u32('xsave record size', at + 8, (v) => `${v} bytes per vCPU (16-byte header + ${Math.max(0, v - XSAVE_HEADER_SIZE)} bytes of XSAVE state)`);
          if (info.xsaveSize > 0 && info.xsaveSize < XSAVE_HEADER_SIZE) {
            d.problem('LEGACY_XSAVE_SIZE', at + 8, 4, `"xcnt" says each XSAVE record is ${info.xsaveSize} bytes, less than its own 16-byte header`);
          }
          if (avail > 4) d.span('rest (ignored)', at + 12, avail - 4, `${avail - 4} bytes`);
        }
      } else {
        d.problem('LEGACY_CONVERT_UNKNOWN_BLOCK', at, 4, `unknown extended-info block "${printable(d.bytes.subarray(at, at + 4))}" (${size} bytes): the 4.5 restorer skips it, but convert-legacy-stream stops ("Unrecognised extended block"), so restore on Xen ≥ 4.6 will fail`);
        if (avail > 0) d.span('data', at + 8, avail, `${size} bytes`);
      }
    });
    pos = blockEnd;
  }
  if (!sawVcpu) {
    d.problem('LEGACY_CONVERT_NO_VCPU_BLOCK', w, 4, `the extended info has no "vcpu" block, so nothing says the guest's width: the 4.5 restorer assumes the toolstack's (${w * 8}-bit), but convert-legacy-stream cannot convert the stream, so restore on Xen ≥ 4.6 will fail`);
  }
  return info;
}

function blockSummary(id: string, size: number, info: ExtendedInfo): string {
  if (id === ExtBlock.Vcpu) return `vCPU 0 context, ${size} bytes${info.guestWidth ? ` (${info.guestWidth * 8}-bit guest)` : ''}`;
  if (id === ExtBlock.Extv) return 'extended vCPU contexts follow the basic ones in the tail';
  if (id === ExtBlock.Xcnt) return `XSAVE records of ${info.xsaveSize} bytes in the tail`;
  return `unknown block, ${size} bytes`;
}

/** P2M frames: ceil(p2m_size / (4096 / guest width)) words. */
export function p2mFrameCount(env: LegacyEnv): number {
  const fpp = PAGE_SIZE / env.guestWidth;
  return env.p2mSize > 0 ? Math.ceil(env.p2mSize / fpp) : 0;
}

/** The frame-number checks over a frame list read in pieces. */
export class P2mFrameTally {
  private readonly range = new ProblemTally();

  constructor(private readonly env: LegacyEnv) {}

  /** Adds the `n` frames at span offset `at`, the first being frame `firstIndex`; lists them in tree mode. */
  add(d: Dissection, at: number, firstIndex: number, n: number): void {
    const w = this.env.width;
    for (let i = 0; i < n; i++) {
      const off = at + w * i;
      const pfn = readWord(d, off, w);
      if (this.env.p2mSize >= 0 && pfn >= this.env.p2mSize) this.range.note(d.base + off, `p2m_frame[${firstIndex + i}] is ${hex(pfn)}`);
      if (d.tree && firstIndex + i < TREE_ARRAY_LIMIT) word(d, `p2m_frame[${firstIndex + i}]`, off, w, (v) => hex(v));
    }
  }

  report(diags: DiagnosticList | null, record: number): void {
    this.range.report(diags, 'LEGACY_P2M_FRAME_RANGE', this.env.width, record, (detail, more) => `${detail}, not below p2m_size ${hex(this.env.p2mSize)}: the 4.5 restorer refuses it ("PFN-to-MFN frame number is bad"), and after conversion v2 restore does too${more}`);
  }
}
