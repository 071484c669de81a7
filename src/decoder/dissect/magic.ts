/**
 * Magics one or two bytes off: a file that starts almost like a known format is that format with
 * damaged first bytes (a flipped bit, an editor's stray keystroke), not an unknown file. It is
 * decoded as that format, with an error on each differing byte.
 */
import type { Dissection } from './Dissection.ts';
import { hex, printable } from './show.ts';

/** The most differing bytes still read as the format; more and the file is something else. */
export const NEAR_MISS_MAX = 2;

/** Offsets of the bytes that differ from `magic` (latin-1); null when `bytes` is shorter. */
export function magicMismatches(bytes: Uint8Array, magic: string): number[] | null {
  if (bytes.length < magic.length) return null;
  const out: number[] = [];
  for (let i = 0; i < magic.length && out.length <= NEAR_MISS_MAX; i++) if (bytes[i] !== magic.charCodeAt(i)) out.push(i);
  return out;
}

/** One or two bytes off `magic`. */
export function isNearMiss(bytes: Uint8Array, magic: string): boolean {
  const m = magicMismatches(bytes, magic);
  return m !== null && m.length > 0 && m.length <= NEAR_MISS_MAX;
}

/**
 * Reports each byte of a near miss (MAGIC_NEAR_MISS) and says whether the span starts with
 * `magic` or a near miss of it, i.e. whether to go on decoding it as `format`.
 */
export function checkMagic(d: Dissection, magic: string, format: string): boolean {
  const m = magicMismatches(d.bytes, magic);
  if (m === null || m.length > NEAR_MISS_MAX) return false;
  for (const at of m) {
    const want = magic.charCodeAt(at);
    d.problem('MAGIC_NEAR_MISS', at, 1, `byte ${at} of the ${format} magic is ${hex(d.bytes[at]!, 2)} ("${printable(d.bytes.subarray(at, at + 1))}"), expected ${hex(want, 2)} ("${printable(Uint8Array.of(want))}"); the rest is read as ${format} all the same`);
  }
  return true;
}
