/**
 * The data inspector's readings: the bytes at one offset read as every type a person might be
 * looking for, each row labelled as people say it ("u32 LE"). Pure, so the explorer's panel and
 * tests share it. Layouts: x86 page-table entries and segment descriptors (Intel SDM vol. 3A
 * §4.5 and §3.4.5), the v2 PAGE_DATA PFN entry (libxc-stream.md §6.2).
 */
import { hex } from '../dissect/show.ts';
import { PAGE_TYPE_NAMES } from '../core/pageTypes.ts';

export interface Interpretation {
  label: string;
  /** The value as text, or null when there are too few bytes for it. */
  value: string | null;
}

/** Bytes the inspector reads at the cursor: enough for the longest reading (text). */
export const INSPECT_BYTES = 32;

const PFN_MASK = (1n << 52n) - 1n;

function ints(dv: DataView, n: number): Interpretation[] {
  const out: Interpretation[] = [];
  const width = n * 8;
  for (const le of [true, false]) {
    const end = le ? 'LE' : 'BE';
    const ok = dv.byteLength >= n;
    const read = (signed: boolean): string | null => {
      if (!ok) return null;
      if (n === 1) return String(signed ? dv.getInt8(0) : dv.getUint8(0));
      if (n === 2) return String(signed ? dv.getInt16(0, le) : dv.getUint16(0, le));
      if (n === 4) return String(signed ? dv.getInt32(0, le) : dv.getUint32(0, le));
      return String(signed ? dv.getBigInt64(0, le) : dv.getBigUint64(0, le));
    };
    const suffix = n === 1 ? '' : ` ${end}`;
    out.push({ label: `u${width}${suffix}`, value: read(false) }, { label: `s${width}${suffix}`, value: read(true) });
    if (n === 1) break; // a byte has no byte order
  }
  return out;
}

function pfnEntry(v: bigint): string {
  const type = Number(v >> 60n);
  return `PFN ${hex(v & PFN_MASK)}, ${PAGE_TYPE_NAMES[type] ?? `invalid type ${hex(type)}`}`;
}

function pte(v: bigint): string {
  const bit = (n: number) => (v >> BigInt(n)) & 1n;
  const flags = [bit(0) ? 'P' : '!P', bit(1) ? 'RW' : 'RO', bit(2) ? 'US' : 'S', bit(7) ? 'PS' : null, bit(63) ? 'NX' : null].filter(Boolean);
  return `PFN ${hex((v >> 12n) & ((1n << 40n) - 1n))}, ${flags.join(' ')}`;
}

function segmentDescriptor(b: Uint8Array): string {
  const limit = b[0]! | (b[1]! << 8) | ((b[6]! & 0xf) << 16);
  const base = (b[2]! | (b[3]! << 8) | (b[4]! << 16) | (b[7]! << 24)) >>> 0;
  const access = b[5]!;
  const g = (b[6]! >> 7) & 1;
  const kind = access & 0x10 ? (access & 0x8 ? 'code' : 'data') : `system type ${access & 0xf}`;
  const parts = [
    `base ${hex(base)}`,
    `limit ${hex(g ? limit * 4096 + 4095 : limit)}`,
    kind,
    `DPL ${(access >> 5) & 3}`,
    access & 0x80 ? 'present' : 'not present',
  ];
  if (b[6]! & 0x20) parts.push('L (64-bit)');
  else parts.push(b[6]! & 0x40 ? 'D/B 32-bit' : 'D/B 16-bit');
  return parts.join(', ');
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (const c of b.subarray(0, 16)) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  return s;
}

/** The first characters of `b` as UTF-8, up to the first NUL; replacement marks where invalid. */
function utf8(b: Uint8Array): string {
  const nul = b.indexOf(0);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, nul < 0 ? b.length : nul));
  return [...text].slice(0, 16).join('');
}

/** Every reading of `bytes` (the bytes from the cursor on, fewer near the end of the file). */
export function interpret(bytes: Uint8Array): Interpretation[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has8 = bytes.length >= 8;
  const u64 = has8 ? dv.getBigUint64(0, true) : 0n;
  return [
    ...ints(dv, 1),
    ...ints(dv, 2),
    ...ints(dv, 4),
    ...ints(dv, 8),
    { label: 'f32 LE', value: bytes.length >= 4 ? String(dv.getFloat32(0, true)) : null },
    { label: 'f32 BE', value: bytes.length >= 4 ? String(dv.getFloat32(0, false)) : null },
    { label: 'f64 LE', value: has8 ? String(dv.getFloat64(0, true)) : null },
    { label: 'f64 BE', value: has8 ? String(dv.getFloat64(0, false)) : null },
    { label: 'PFN entry', value: has8 ? pfnEntry(u64) : null },
    { label: 'PTE', value: has8 ? pte(u64) : null },
    { label: 'segment descriptor', value: has8 ? segmentDescriptor(bytes) : null },
    { label: 'ASCII', value: bytes.length ? ascii(bytes) : null },
    { label: 'UTF-8', value: bytes.length ? utf8(bytes) : null },
  ];
}
