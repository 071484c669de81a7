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
  /**
   * The largest read worth making here, when not the windowed reader's default (4 MiB): less for
   * a file in Node (see FileSource), more for a browser File (see BlobSource).
   */
  readonly maxRead?: number;
  /**
   * Fills `target` with the bytes at `offset` (all within the source), synchronously; only where
   * that is cheap (a file in Node). The windowed reader then refills one buffer instead of
   * allocating one per read: fresh memory is slow to touch the first time.
   */
  readInto?(offset: number, target: Uint8Array): void;
}
