import { describe, expect, it } from 'vitest';
import { BlobSource } from '../../src/decoder/bytes/BlobSource.ts';
import { MemorySource, SourceReadError, type ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { createScanService } from '../../src/worker/scanService.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { buildStream } from '../../src/generator/index.ts';

/**
 * A file that cannot be read (removed, truncated or changed while open, a folder) is told apart
 * from a broken stream: the scan passes the source's error on instead of reporting an "internal
 * error", and the explorer's worker reports the file as unreadable.
 */

/** A valid generated HVM stream whose source fails from byte `failAt` on, as a removed file does. */
function failingSource(failAt: number, error: () => Error): ByteSource {
  const inner = new MemorySource(buildStream({ pages: 8 }));
  return {
    name: 'gone.save',
    size: inner.size,
    read: (offset, length) => (offset + length > failAt ? Promise.reject(error()) : inner.read(offset, length)),
  };
}

describe('unreadable sources', () => {
  it('the scan rejects with the source error, not an internal-error diagnostic', async () => {
    await expect(scanStream(failingSource(4096, () => new SourceReadError('gone.save: the file shrank while being read')))).rejects.toThrow(/shrank/);
  });

  it('a decoder bug (any other exception) is still kept as a diagnostic with an offset', async () => {
    const r = await scanStream(failingSource(4096, () => new Error('boom')));
    expect(r.diagnostics.find((d) => d.id === 'STREAM_UNREADABLE')?.message).toMatch(/internal error .*boom/);
  });

  it('a File the browser refuses to read becomes a SourceReadError naming the file', async () => {
    // What Chromium and Firefox do for a file removed or changed after it was picked.
    const refused = new (class extends Blob {
      override slice(): Blob {
        return { arrayBuffer: () => Promise.reject(new DOMException('The file could not be read', 'NotReadableError')) } as unknown as Blob;
      }
    })([new Uint8Array(100)]);
    const err = await new BlobSource(refused, 'guest.save').read(0, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toMatch(/cannot read guest\.save \(NotReadableError\)/);
  });

  it("the explorer's worker reports an unreadable file as a failed scan with the reason", async () => {
    const posted: FromWorker[] = [];
    const service = createScanService({ post: (m) => posted.push(m), sourceFor: () => failingSource(0, () => new SourceReadError('the browser cannot read gone.save')), progressMs: 0 });
    service({ type: 'open', session: 1, input: { kind: 'sample', name: 'x' } });
    await expect.poll(() => posted.find((m) => m.type === 'failed')).toMatchObject({ session: 1, message: 'the browser cannot read gone.save' });
  });
});
