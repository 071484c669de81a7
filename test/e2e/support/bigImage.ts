/**
 * A sparse 5 GiB generated HVM save image (its pages are holes: a few MiB on disk) with a known
 * marker written into a page past 4 GiB, so that a wrong read cannot pass for a right one.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { FileSource } from '../../../src/node/FileSource.ts';
import { writeStreamFile } from '../../../src/node/writeStream.ts';

export const GiB = 1024 ** 3;
export const MARKER = 'XEN>4GiB-MARKER!';

export interface BigImage {
  path: string;
  size: number;
  /** The image scanned in Node: what the browser must find. */
  truth: ScanResult;
  /** Where MARKER lies: inside a page of a PAGE_DATA record past 4 GiB. */
  target: number;
}

export async function writeBigImage(dir: string): Promise<BigImage> {
  const path = join(dir, 'big-hvm.save');
  const { size } = writeStreamFile({ guest: 'hvm', pages: 5 * 262_144, batch: 1024, pageContent: 'zero' }, path);
  const source = new FileSource(path);
  const truth = await scanStream(source);
  source.close();
  const e = truth.index.get(truth.index.entryAt(4 * GiB + 123_456));
  if (e.layer !== Layer.Libxc || e.type !== Rec.PAGE_DATA) throw new Error('the generated image has no page data past 4 GiB');
  const target = Math.max(4 * GiB + 123_456, e.offset + 16 + 8 * e.aux[0]! + 1000);
  if (target + MARKER.length > e.offset + e.length) throw new Error('the marker would not fit in the page data');
  const fd = openSync(path, 'r+');
  writeSync(fd, new TextEncoder().encode(MARKER), 0, MARKER.length, target);
  closeSync(fd);
  return { path, size, truth, target };
}
