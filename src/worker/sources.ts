import { BlobSource } from '../decoder/bytes/BlobSource.ts';
import { MemorySource, type ByteSource } from '../decoder/bytes/ByteSource.ts';
import { buildSample } from '../generator/index.ts';
import type { ScanInput } from './protocol.ts';

/** The bytes behind a scan: the file itself (read by slices), or a sample built right here. */
export function sourceFor(input: ScanInput): ByteSource {
  return input.kind === 'file' ? new BlobSource(input.file, input.name) : new MemorySource(buildSample(input.name), `${input.name}.save`);
}
