import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import type { OutputPlan } from '../decoder/output/OutputPlan.ts';

/** Slices are copied in windows of this size: few reads, bounded memory. */
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
  let pos = 0;
  const write = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, pos + done);
    pos += bytes.length;
  };
  try {
    for (const p of plan.pieces) {
      if (p.kind === 'bytes') write(p.bytes);
      else if (p.kind === 'zeros') pos += p.length;
      else {
        for (let at = 0; at < p.length; at += COPY_WINDOW) {
          const want = Math.min(COPY_WINDOW, p.length - at);
          const bytes = await source.read(p.offset + at, want);
          if (bytes.length < want) throw new Error(`the source ends at ${source.size}, inside a slice it was to copy (${p.offset + at}+${want})`);
          write(bytes);
          onProgress?.(pos, plan.size);
        }
      }
    }
    ftruncateSync(fd, pos);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw e;
  }
  renameSync(partial, path);
}
