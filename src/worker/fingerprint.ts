/**
 * A file's fingerprint, which a permalink carries so that the file dropped on the link can be
 * recognised as the one it was made from. It must cost milliseconds on a 20 GiB image, so it
 * reads three slices (one read each), not the file:
 *
 *   the first 16 hex digits of SHA-256 over the bytes [0, 64 KiB), [m, m + 64 KiB) where
 *   m = max(0, floor(size / 2) - 32 KiB), and [max(0, size - 64 KiB), size), concatenated,
 *   each slice cut at the end of the file.
 *
 * The size is compared apart (the link holds it), the name not at all: a renamed copy is the
 * same file. Two files alike in size and in those 192 KiB are taken for one. SHA-256 comes from
 * an audited library, not `crypto.subtle`, which pages served from a plain-http address lack.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';

const FINGERPRINT_SLICE = 64 * 1024;
const FINGERPRINT_DIGITS = 16;

export async function fingerprint(source: ByteSource): Promise<string> {
  const { size } = source;
  const middle = Math.max(0, Math.floor(size / 2) - FINGERPRINT_SLICE / 2);
  const end = Math.max(0, size - FINGERPRINT_SLICE);
  const slices = await Promise.all([0, middle, end].map((at) => source.read(at, FINGERPRINT_SLICE)));
  const hash = sha256.create();
  for (const slice of slices) hash.update(slice);
  return bytesToHex(hash.digest()).slice(0, FINGERPRINT_DIGITS);
}
