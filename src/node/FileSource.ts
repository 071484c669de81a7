import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { SourceReadError, type ByteSource } from '../decoder/bytes/ByteSource.ts';

/** Plain words for the errors people meet opening a file. */
const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  EISDIR: 'is a directory, not a file (EISDIR)',
  ELOOP: 'too many symbolic links (ELOOP)',
};

function describeError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && OPEN_ERRORS[code]) ?? (e as Error).message;
}

/** A file on disk, read with positioned synchronous reads (Node reads at GB/s; no need for more). */
export class FileSource implements ByteSource {
  readonly size: number;
  readonly name: string;
  /**
   * Reads of up to 512 KiB: Node serves a buffer that size from memory it has touched before,
   * while a larger one is fresh memory, faulted in page by page (13 µs a 4 KiB page on the test
   * machine), which made reading through dense records cost more than the reads saved. Measured
   * (Node, one scan each): a million one-page records 4.0–6.2 s with 4 MiB reads, 1.6–2.0 s with
   * 512 KiB; 100,000 checkpoints 2.5–3.0 → 1.5 s; ten million XTAB-only records 0.5–0.6 → 0.45 s.
   */
  readonly maxRead = 512 * 1024;
  private fd: number;

  /** Throws SourceReadError with a plain message when the path cannot be read as a file. */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw new SourceReadError(`${path}: ${describeError(e)}`);
    }
    const stat = fstatSync(this.fd);
    // A directory opens fine on Linux; its reads fail later with EISDIR.
    if (!stat.isFile()) {
      this.close();
      throw new SourceReadError(`${path}: ${stat.isDirectory() ? OPEN_ERRORS.EISDIR! : 'not a regular file'}`);
    }
    this.size = stat.size;
    this.name = basename(path);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const buf = new Uint8Array(Math.max(0, Math.min(length, this.size - start)));
    try {
      this.readInto(start, buf);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return Promise.resolve(buf);
  }

  /**
   * Fills `target` with the bytes at `offset` (which must lie within the file), without a new
   * buffer per read: what copying gigabytes wants. Throws SourceReadError.
   */
  readInto(offset: number, target: Uint8Array): void {
    let got = 0;
    try {
      while (got < target.length) {
        const n = readSync(this.fd, target, got, target.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw new SourceReadError(`${this.path}: read failed at byte ${offset + got}: ${describeError(e)}`);
    }
    // Short of the size it had when opened: someone truncated it meanwhile.
    if (got < target.length) throw new SourceReadError(`${this.path}: the file shrank while being read (${this.size} bytes when opened, ${fstatSync(this.fd).size} now)`);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
