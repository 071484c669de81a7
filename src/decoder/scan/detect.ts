/**
 * Which container a file starts with (spec: libxc-stream.md §10, xl-header.md §6,
 * legacy-stream.md §7). Legacy streams have no magic; the test below is the spec's heuristic.
 */
import type { FormatKind } from '../core/FormatKind.ts';
import { isNearMiss } from '../dissect/magic.ts';
import { latin1 } from '../dissect/show.ts';
import { LIBXC_MAGIC } from '../libxc/constants.ts';
import { LIBXL_IDENT } from '../libxl/constants.ts';
import { XL_MAGIC, XL_MAGIC_TEXT } from '../xl/header.ts';
import { LIBVIRT_MAGIC, XEND_MAGIC, XENOPSD_MAGIC } from '../wrappers/headers.ts';

/** Bytes `detectFormat` wants to see (it copes with fewer). */
export const DETECT_BYTES = 64;

export function isLibxcStart(b: Uint8Array): boolean {
  return latin1(b.subarray(0, LIBXC_MAGIC.length)) === LIBXC_MAGIC;
}

export function isLibxlStart(b: Uint8Array): boolean {
  return latin1(b.subarray(0, LIBXL_IDENT.length)) === LIBXL_IDENT;
}

/** Plausible first chunk id of a legacy body: a page batch (1..1024) or a known special chunk (-1..-20). */
function plausibleChunk(v: number): boolean {
  return (v >= 1 && v <= 1024) || (v <= -1 && v >= -20);
}

/** The legacy-stream heuristic of legacy-stream.md §7 on the first 16 bytes. */
export function looksLegacy(b: Uint8Array): boolean {
  if (b.length < 16) return false;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const p2m = dv.getUint32(0, true);
  const w1 = dv.getUint32(4, true);
  if (p2m === 0) return false;
  if (w1 === 0) {
    // 64-bit toolstack: PV has the all-ones extended-info signature next; HVM the first chunk.
    const sig = dv.getBigUint64(8, true) === 0xffffffffffffffffn;
    return sig || plausibleChunk(dv.getInt32(8, true));
  }
  // 32-bit toolstack: PV signature 0xffffffff, or HVM's first chunk id.
  return w1 === 0xffffffff || plausibleChunk(dv.getInt32(4, true));
}

/**
 * A file shorter than a magic that it starts like: a truncated file of that format (reported as
 * truncated, not as unknown).
 */
function truncatedMagic(b: Uint8Array): FormatKind | null {
  const t = latin1(b);
  if (XL_MAGIC.startsWith(t)) return 'xl';
  if (LIBXL_IDENT.startsWith(t)) return 'libxl';
  if (LIBVIRT_MAGIC.startsWith(t)) return 'libvirt';
  if (XEND_MAGIC.startsWith(t)) return 'xend';
  if (LIBXC_MAGIC.startsWith(t)) return 'libxc';
  return null;
}

export function detectFormat(b: Uint8Array): FormatKind {
  if (b.length > 0 && b.length < 32) {
    const t = truncatedMagic(b);
    if (t) return t;
  }
  const text = (n: number) => latin1(b.subarray(0, n));
  // The magic's text part is enough to call it xl; the scan checks all 32 bytes.
  if (text(XL_MAGIC_TEXT.length) === XL_MAGIC_TEXT) return 'xl';
  if (isLibxlStart(b)) return 'libxl';
  if (isLibxcStart(b)) return 'libxc';
  if (text(16) === LIBVIRT_MAGIC) return 'libvirt';
  if (text(16) === XEND_MAGIC) return 'xend';
  if (text(15) === XENOPSD_MAGIC) return 'xenopsd';
  // A magic one or two bytes off is that format, damaged (before the legacy guess, which takes
  // a libxc header with a bad id for a legacy stream).
  if (isNearMiss(b, XL_MAGIC)) return 'xl';
  if (isNearMiss(b, LIBXL_IDENT)) return 'libxl';
  if (isNearMiss(b, LIBXC_MAGIC)) return 'libxc';
  if (looksLegacy(b)) return 'legacy';
  return 'unknown';
}
