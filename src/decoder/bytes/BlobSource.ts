import { SourceReadError, type ByteSource } from './ByteSource.ts';

/**
 * A browser `Blob`/`File` read with `slice().arrayBuffer()`. Each call costs about 1-2 ms in
 * Chromium whatever its size, so callers go through WindowedReader and read in windows.
 */
export class BlobSource implements ByteSource {
  readonly size: number;
  readonly name: string;

  constructor(private readonly blob: Blob, name?: string) {
    this.size = blob.size;
    this.name = name ?? ('name' in blob ? String((blob as File).name) : 'blob');
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const end = Math.min(this.size, start + Math.max(0, length));
    if (end <= start) return new Uint8Array(0);
    try {
      return new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
    } catch (e) {
      // Browsers refuse reads of a file moved, changed or removed since it was picked, or of a folder.
      throw new SourceReadError(`the browser cannot read ${this.name} (${(e as Error).name}): it may be a folder, or it was moved, changed or removed after it was opened`);
    }
  }
}
