import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../src/generator/index.ts';
import { expectCutReported } from '../support/scans.ts';

/**
 * A file cut short at any byte (a full disk, an interrupted copy) never crashes the decoder,
 * is reported as truncated exactly at the end of the file, yields no other error, and keeps
 * every record that lies wholly before the cut exactly as the full file's scan has it.
 */

const STREAMS: Record<string, StreamSpec> = {
  'HVM v3 in xl with xenstore data': { pages: 2, batch: 1, xenstore: true },
  'PV 64-bit v3 in xl': { guest: 'pv64', pages: 2, batch: 1 },
  'PV 32-bit v2, bare libxc': { guest: 'pv32', version: 2, pages: 2, container: 'libxc' },
  'HVM in bare libxl, xl text config': { pages: 1, container: 'libxl', config: 'xl' },
};


describe.each(Object.entries(STREAMS))('%s cut at every offset', (_name, spec) => {
  const bytes = buildStream(spec);

  it('is reported as truncated at the end of the file, losing nothing before it', async () => {
    const full = await scanStream(new MemorySource(bytes));
    expect(full.counts.error).toBe(0);
    for (let n = 1; n < bytes.length; n++) await expectCutReported(bytes, n, full);
  });
});

it('an empty file is not a stream', async () => {
  const r = await scanStream(new MemorySource(new Uint8Array(0)));
  expect(r.diagnostics.map((d) => d.id)).toEqual(['FORMAT_UNKNOWN']);
  expect(r.diagnostics[0]!.message).toMatch(/empty/);
});
