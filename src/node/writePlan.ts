import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import type { OutputPlan } from '../decoder/output/OutputPlan.ts';
import { FileSource } from './FileSource.ts';

/** Output is written in windows of this size: few calls, bounded memory. */
const COPY_WINDOW = 8 * 1024 * 1024;

/**
 * Writes `plan` to `path`, copying slices from `source` and leaving zeros as holes (a sparse
 * file). The output is written under `path.partial` and renamed at the end, so a failed or
 * interrupted run never leaves a partial file under the final name; the data reaches the disk
 * before the rename, so a crash cannot leave a short file under it either.
 */
export async function writePlan(plan: OutputPlan, source: ByteSource, path: string, onProgress?: (written: number, total: number) => void): Promise<void> {
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  // Output is gathered in one window and written with one call when it fills: a record's small
  // header and its pages go out together, and no buffer is allocated per read.
  const window = new Uint8Array(COPY_WINDOW);
  let filled = 0;
  /** File position of window[0]. */
  let at = 0;
  const flush = () => {
    for (let done = 0; done < filled; ) done += writeSync(fd, window, done, filled - done, at + done);
    at += filled;
    filled = 0;
    onProgress?.(at, plan.size);
  };
  const fill = async (length: number, put: (into: Uint8Array, from: number) => Promise<void> | void) => {
    for (let from = 0; from < length; ) {
      if (filled === COPY_WINDOW) flush();
      const n = Math.min(length - from, COPY_WINDOW - filled);
      await put(window.subarray(filled, filled + n), from);
      filled += n;
      from += n;
    }
  };
  const readSlice = async (offset: number, into: Uint8Array) => {
    if (offset + into.length > source.size) throw new Error(`the source ends at ${source.size}, inside a slice it was to copy (${offset}+${into.length})`);
    if (source instanceof FileSource) source.readInto(offset, into);
    else into.set(await source.read(offset, into.length));
  };
  try {
    for (const p of plan.pieces) {
      if (p.kind === 'bytes') await fill(p.bytes.length, (into, from) => into.set(p.bytes.subarray(from, from + into.length)));
      else if (p.kind === 'zeros') {
        // Holes stay holes: what is gathered goes out, and the position skips the zeros.
        flush();
        at += p.length;
      } else await fill(p.length, (into, from) => readSlice(p.offset + from, into));
    }
    flush();
    ftruncateSync(fd, at);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw e;
  }
  renameSync(partial, path);
}
