import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { categoryIndex, RECORD_CATEGORIES } from '../../../src/decoder/core/RecordKind.ts';
import { kindOf } from '../../../src/decoder/kinds.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { RecordIndex } from '../../../src/decoder/model/RecordIndex.ts';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { binDiagnostics, binEntries, EntryBins, NO_CLASS, type ByteWindow } from '../../../src/decoder/overview/fileMap.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream, streamSource } from '../../../src/generator/index.ts';

/**
 * The file map's pixels: each shows what covers most of its bytes, for a small sample and a
 * multi-GiB image alike, and problems land in the pixel of their offset.
 */

const CLASSES = RECORD_CATEGORIES.length;
const header = RECORD_CATEGORIES.indexOf('header');
const memory = RECORD_CATEGORIES.indexOf('memory');

/** Classes by kind name, in the order met: tells apart neighbours that share a category. */
function byName() {
  const names: string[] = [];
  return (kind: { name: string }) => {
    if (!names.includes(kind.name)) names.push(kind.name);
    return names.indexOf(kind.name);
  };
}

describe('file map binning', () => {
  it('a small xl save: the first pixel is the xl header, the page pixels memory, each pixel its majority', async () => {
    // HVM, 64 pages: a 64-byte xl header plus config, then libxl and libxc layers.
    const bytes = buildStream({ guest: 'hvm', pages: 64 });
    const r = await scanStream(new MemorySource(bytes));
    const bins = 1000;
    const map = binEntries(r.index, { from: 0, to: bytes.length }, bins, CLASSES, categoryIndex);
    expect(map[0]).toBe(header);
    expect(r.index.layer(r.index.entryAt(0))).toBe(Layer.Xl);
    expect(map[bins - 1]).not.toBe(NO_CLASS);
    // Every pixel's class is the category of the entry owning the byte at its middle, except at boundaries.
    let agree = 0;
    for (let b = 0; b < bins; b++) {
      const mid = Math.floor(((b + 0.5) * bytes.length) / bins);
      const e = r.index.entryAt(mid);
      if (map[b] === categoryIndex(kindOf(r.index.layer(e), r.index.flags(e), r.index.type(e)))) agree++;
    }
    expect(agree).toBeGreaterThan(bins - 10);
    // The page data dominates the file: most pixels are memory.
    expect(map.filter((c) => c === memory).length).toBeGreaterThan(bins * 0.9);
  });

  it('a window inside one record is that record in every pixel; past the end of the file, nothing', async () => {
    const bytes = buildStream({ guest: 'pv64', pages: 16 });
    const r = await scanStream(new MemorySource(bytes));
    const e = r.index.get(r.index.count - 3);
    const classify = byName();
    const map = binEntries(r.index, { from: e.offset, to: e.offset + e.length }, 50, r.index.count, classify);
    expect([...new Set(map)]).toEqual([classify(kindOf(e.layer, e.flags, e.type))]);
    const beyond = binEntries(r.index, { from: bytes.length, to: bytes.length + 100 }, 10, CLASSES, categoryIndex);
    expect([...new Set(beyond)]).toEqual([NO_CLASS]);
  });

  it('a byte-level zoom: a pixel per byte lands each pixel on the entry holding that byte', async () => {
    const bytes = buildStream({ guest: 'hvm', pages: 4 });
    const r = await scanStream(new MemorySource(bytes));
    const classify = byName();
    const map = binEntries(r.index, { from: 0, to: 4096 }, 4096, r.index.count, classify);
    for (let b = 0; b < 4096; b++) {
      const e = r.index.entryAt(b);
      expect(map[b]).toBe(classify(kindOf(r.index.layer(e), r.index.flags(e), r.index.type(e))));
    }
    // The first 4 KiB hold entries of several kinds, so that the check above tells them apart.
    expect(new Set(map).size).toBeGreaterThan(4);
  });

  it('records of one kind with bytes between them that no entry covers: those bytes stay empty', () => {
    // Built by hand: two PAGE_DATA records back to back at [0, 200), a 100-byte gap, one more at
    // [300, 400). The first two are binned as one stretch; the gap must not be taken into it.
    const index = new RecordIndex();
    for (const at of [0, 100, 300]) index.add(at, 100, 100, Layer.Libxc, Rec.PAGE_DATA, 1, 0, 0);
    const map = binEntries(index, { from: 0, to: 400 }, 8, CLASSES, categoryIndex);
    expect([...map]).toEqual([memory, memory, memory, memory, NO_CLASS, NO_CLASS, memory, memory]);
  });

  it('a 4 GiB sparse image: 1200 pixels, all covered', async () => {
    // 1M PFNs in 1024 PAGE_DATA records (the generator leaves the pages as holes).
    const source = streamSource({ guest: 'hvm', pages: 1024 * 1024, pageContent: 'zero' });
    const r = await scanStream(source);
    const map = binEntries(r.index, { from: 0, to: source.size }, 1200, CLASSES, categoryIndex);
    expect(map.includes(NO_CLASS)).toBe(false);
    expect(map.filter((c) => c === memory).length).toBeGreaterThanOrEqual(1199);
  });

  it('layer boundaries: a line in the pixel of each entry whose layer is not the one before it, the window starting mid-file too', async () => {
    // libxl checkpoints wrapping libxc: the stream goes libxl → libxc → libxl at every checkpoint.
    const bytes = buildStream({ guest: 'hvm', pages: 16, checkpoints: 12 });
    const r = await scanStream(new MemorySource(bytes));
    /** Bins holding a layer change, found entry by entry. */
    const expected = (index: RecordIndex, w: ByteWindow, bins: number) => {
      const out = new Uint8Array(bins);
      for (let i = 1; i < index.count; i++) {
        const at = index.offset(i);
        if (index.layer(i) !== index.layer(i - 1) && at >= w.from && at < w.to) out[Math.min(bins - 1, Math.floor(((at - w.from) / (w.to - w.from)) * bins))] = 1;
      }
      return out;
    };
    const edgesOf = (w: ByteWindow, bins: number) => {
      const b = new EntryBins(w, bins, CLASSES);
      b.picture(r.index, r.index.count, categoryIndex);
      return b.edges();
    };
    const whole = { from: 0, to: bytes.length };
    for (const bins of [64, 5000]) {
      const edges = edgesOf(whole, bins);
      expect(edges).toEqual(expected(r.index, whole, bins));
      // xl → libxl, libxl → libxc, and twice a checkpoint: several lines, not one per entry.
      expect(edges.filter((e) => e).length).toBeGreaterThan(Math.min(bins / 8, 20));
    }
    // A window starting on the first libxl entry after a libxc one: the change at its start counts.
    const back = Array.from({ length: r.index.count }, (_, i) => i).find((i) => i > 0 && r.index.layer(i) === Layer.Libxl && r.index.layer(i - 1) === Layer.Libxc)!;
    const late = { from: r.index.offset(back), to: bytes.length };
    const edges = edgesOf(late, 300);
    expect(edges[0]).toBe(1);
    expect(edges).toEqual(expected(r.index, late, 300));
  });

  it('problems: each in the pixel of its offset, the worst one winning; a truncation at the end in the last pixel', () => {
    const d = (severity: 'error' | 'warning' | 'info', offset: number) => ({ id: 'ANY_TRUNCATED' as const, severity, offset, length: 0, record: -1, message: '' });
    const ticks = binDiagnostics([d('info', 5), d('warning', 15), d('error', 19), d('warning', 100)], { from: 0, to: 100 }, 10);
    expect([...ticks]).toEqual([1, 3, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});
