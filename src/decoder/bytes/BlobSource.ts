import { SourceReadError, type ByteSource } from './ByteSource.ts';

/**
 * A browser `Blob`/`File` read with `slice().arrayBuffer()`. Each call costs about 1-2 ms in
 * Chromium whatever its size, so callers go through WindowedReader and read in windows.
 */
export class BlobSource implements ByteSource {
  readonly size: number;
  readonly name: string;
  /**
   * Chromium's File reads cost far more than their bytes below MiBs: a 393 MiB file read one
   * window at a time took 3.1-4.0 s in 1 MiB windows, 2.2-2.3 s in 4 MiB, 1.6-1.9 s in 16 MiB.
   * (In Node, whose tests and benches read generated streams, fresh buffers this large are
   * faulted in page by page each time: the default 4 MiB stays for other sources.)
   */
  readonly maxRead = 16 * 1024 * 1024;

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
