/** One guest page's last copy in each of two open files, for showing them side by side. */
import { MemoryReader } from '../../decoder/memory/MemoryReader.ts';
import type { Analysis, SessionView } from './Analysis.ts';

/** A side's copy, or why it has none. */
export type PageSide = { bytes: Uint8Array; fileOffset: number } | { reason: string };

export interface PagePair {
  pfn: number;
  a: PageSide;
  b: PageSide;
}

async function read(s: SessionView, pfn: number): Promise<PageSide> {
  if (!s.memory) return { reason: 'the scan has not built its memory model' };
  const r = await new MemoryReader(s.source, s.memory).readPage(pfn);
  // Sources may hand out views of memory they keep (a sample's bytes): a copy goes to the page.
  return r.ok ? { bytes: r.bytes.slice(), fileOffset: r.fileOffset } : { reason: r.reason };
}

export const comparePage: Analysis<{ pfn: number }, PagePair> = {
  sessions: 2,
  async run([a, b], { pfn }) {
    return { pfn, a: await read(a!, pfn), b: await read(b!, pfn) };
  },
  transfer: (r) => [r.a, r.b].flatMap((s) => ('bytes' in s ? [s.bytes.buffer as ArrayBuffer] : [])),
};
