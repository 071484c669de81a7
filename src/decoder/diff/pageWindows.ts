/**
 * Reading many pages of one file in few large reads: the pages' offsets in file order, merged
 * into windows across small gaps, so a stream whose pages lie back to back is read
 * sequentially, each page once.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { PAGE_SIZE } from '../core/sizes.ts';
import { readBuffer, type ReadBuffer } from './pageBytes.ts';

/** Largest single read. */
export const WINDOW_BYTES = 4 << 20;
/** A gap up to this size between two pages is read through rather than split into two reads. */
const GAP_BYTES = 64 << 10;

/** Where each page landed: buffer `buf[i]`, at byte `at[i]` of it. */
export interface PageWindows {
  buffers: ReadBuffer[];
  buf: Uint32Array;
  at: Uint32Array;
  bytesRead: number;
}

/** Reads the pages at `offsets[0…n)`; the offsets need not be sorted. */
export async function readPages(source: ByteSource, offsets: Float64Array, n: number): Promise<PageWindows> {
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((x, y) => offsets[x]! - offsets[y]!);
  const out: PageWindows = { buffers: [], buf: new Uint32Array(n), at: new Uint32Array(n), bytesRead: 0 };
  let k = 0;
  while (k < n) {
    const start = offsets[order[k]!]!;
    let end = start + PAGE_SIZE;
    let j = k + 1;
    for (; j < n; j++) {
      const o = offsets[order[j]!]!;
      if (o > end + GAP_BYTES || o + PAGE_SIZE - start > WINDOW_BYTES) break;
      end = Math.max(end, o + PAGE_SIZE);
    }
    const bytes = await source.read(start, end - start);
    out.bytesRead += bytes.length;
    const b = out.buffers.length;
    out.buffers.push(readBuffer(bytes));
    for (let i = k; i < j; i++) {
      out.buf[order[i]!] = b;
      out.at[order[i]!] = offsets[order[i]!]! - start;
    }
    k = j;
  }
  return out;
}
