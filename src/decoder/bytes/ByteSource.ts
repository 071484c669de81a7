/**
 * The one read primitive every decoder uses. Implementations: MemorySource (tests, generated
 * samples), BlobSource (browser worker, `File.slice`), FileSource (Node, in src/node).
 */
export interface ByteSource {
  /** Display name, usually the file name. */
  readonly name: string;
  /** Total size in bytes (exact up to 2^53). */
  readonly size: number;
  /**
   * Reads `length` bytes at `offset`. Returns fewer bytes only when the range runs past the
   * end of the source. The returned array may be a view the caller must not keep mutating.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

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
