import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { streamChunks, type StreamSpec } from '../generator/index.ts';

/**
 * Writes a generated stream to a file, leaving holes unwritten so that zero page contents cost
 * no disk (a sparse file): a 16 GiB image takes a few MiB.
 */
export function writeStreamFile(spec: StreamSpec, path: string): { size: number } {
  const fd = openSync(path, 'w');
  let pos = 0;
  try {
    for (const c of streamChunks(spec)) {
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
