/** Byte-level comparison of page copies held in read buffers. */
import { PAGE_SIZE } from '../core/sizes.ts';

/** A buffer of bytes read from a file, with a 32-bit view of it made once for fast compares. */
export interface ReadBuffer {
  bytes: Uint8Array;
  /** The same bytes as 32-bit words, when the buffer starts on a 4-byte boundary. */
  words: Int32Array | null;
}

export function readBuffer(bytes: Uint8Array): ReadBuffer {
  return { bytes, words: bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2) : null };
}

/**
 * Bytes that differ between the page at `a.bytes[ai…]` and the one at `b.bytes[bi…]`. Equal
 * pages (the common case) are confirmed four bytes at a time when both lie on word boundaries.
 */
export function differingBytes(a: ReadBuffer, ai: number, b: ReadBuffer, bi: number): number {
  if (a.words && b.words && ai % 4 === 0 && bi % 4 === 0) {
    const wa = a.words;
    const wb = b.words;
    let i = ai >> 2;
    let j = bi >> 2;
    const end = i + (PAGE_SIZE >> 2);
    while (i < end && wa[i] === wb[j]) {
      i++;
      j++;
    }
    if (i === end) return 0;
  }
  const x = a.bytes;
  const y = b.bytes;
  let n = 0;
  for (let k = 0; k < PAGE_SIZE; k++) if (x[ai + k] !== y[bi + k]) n++;
  return n;
}

/** Whether two byte arrays of one length hold the same bytes: what a span of equal pages costs. */
export type SameBytes = (a: Uint8Array, b: Uint8Array) => boolean;

/** The portable SameBytes: 32-bit words where both lie on word boundaries. Node passes a native one. */
export const sameBytes: SameBytes = (a, b) => {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const wa = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
    const wb = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    while (i < wa.length && wa[i] === wb[i]) i++;
    if (i < wa.length) return false;
    i *= 4;
  }
  while (i < a.length && a[i] === b[i]) i++;
  return i === a.length;
};

/** Offsets where two copies of a page differ (for marking them in a hex view). */
export function differingOffsets(a: Uint8Array, b: Uint8Array): number[] {
  const out: number[] = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/** The bytes where two copies of a page differ as runs [start, length] (for tinting them in a hex view). */
export function differingRuns(a: Uint8Array, b: Uint8Array): [start: number, length: number][] {
  const runs: [number, number][] = [];
  for (const i of differingOffsets(a, b)) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else runs.push([i, 1]);
  }
  return runs;
}
