/**
 * A save image with a great many records, for the timeline past the browser's height clamp.
 * The generator builds a valid image with one PAGE_DATA record; that record is repeated for
 * consecutive PFNs, each marked XTAB (a page with no data in the stream, libxc-stream.md §6.2),
 * so that every record is 24 bytes and a million of them make a small file.
 */
import { writeFileSync } from 'node:fs';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream } from '../../../src/generator/index.ts';

const RECORD = 24;
const XTAB = 0xf;

export async function writeManyRecords(path: string, count: number): Promise<{ size: number; records: number }> {
  const one = buildStream({ guest: 'hvm', pages: 1, batch: 1 });
  const scan = await scanStream(new MemorySource(one));
  let pd = -1;
  for (let i = 0; i < scan.index.count; i++) if (scan.index.layer(i) === Layer.Libxc && scan.index.type(i) === Rec.PAGE_DATA) pd = i;
  const at = scan.index.offset(pd);
  const end = at + scan.index.length(pd);
  const out = new Uint8Array(at + count * RECORD + (one.length - end));
  out.set(one.subarray(0, at));
  const dv = new DataView(out.buffer);
  for (let i = 0; i < count; i++) {
    const r = at + i * RECORD;
    dv.setUint32(r, Rec.PAGE_DATA, true);
    dv.setUint32(r + 4, 16, true); // count and reserved, one PFN entry: no page follows
    dv.setUint32(r + 8, 1, true);
    dv.setUint32(r + 16, i, true);
    dv.setUint32(r + 20, XTAB << 28, true);
  }
  out.set(one.subarray(end), at + count * RECORD);
  writeFileSync(path, out);
  return { size: out.length, records: scan.index.count - 1 + count };
}
