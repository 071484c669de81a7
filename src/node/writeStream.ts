import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { coalesceChunks, streamChunks, type StreamSpec } from '../generator/index.ts';

/** Holes shorter than two pages cannot free a whole disk block wherever they fall: write zeros. */
const HOLE_MIN = 2 * 4096;

/**
 * Writes a generated stream to a file, leaving holes unwritten so that zero page contents cost
 * no disk (a sparse file): a 16 GiB image takes a few MiB. Small pieces are written in
 * merged runs of about 1 MiB, so a stream of ten million small records is not ten million writes.
 */
export function writeStreamFile(spec: StreamSpec, path: string): { size: number } {
  const fd = openSync(path, 'w');
  let pos = 0;
  try {
    for (const c of coalesceChunks(streamChunks(spec), HOLE_MIN)) {
      if (c instanceof Uint8Array) {
        let done = 0;
        while (done < c.length) done += writeSync(fd, c, done, c.length - done, pos + done);
        pos += c.length;
      } else pos += c.hole;
    }
    ftruncateSync(fd, pos);
  } finally {
    closeSync(fd);
  }
  return { size: pos };
}
