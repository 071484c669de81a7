import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';

/** A file on disk, read with positioned synchronous reads (Node reads at GB/s; no need for more). */
export class FileSource implements ByteSource {
  readonly size: number;
  readonly name: string;
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
    this.name = basename(path);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const want = Math.max(0, Math.min(length, this.size - start));
    const buf = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, buf, got, want - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return Promise.resolve(got === want ? buf : buf.subarray(0, got));
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
