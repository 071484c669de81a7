// The interface is core vocabulary (the formats read through it); its implementations live here.
import type { ByteSource } from '../core/ByteSource.ts';

export type { ByteSource };

/**
 * The source itself failed (the file was removed, truncated or changed while open, or cannot be
 * read at all). Not a problem of the stream: the scan stops and passes it on, and the CLI and the
 * explorer say the file could not be read instead of reporting an internal error.
 */
export class SourceReadError extends Error {
  override readonly name = 'SourceReadError';
}

export class MemorySource implements ByteSource {
  readonly size: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly name = 'memory',
  ) {
    this.size = bytes.length;
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const end = Math.min(this.size, start + Math.max(0, length));
    return Promise.resolve(this.bytes.subarray(start, end));
  }
}
