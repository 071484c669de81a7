import { describe, expect, it } from 'vitest';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { LibxlRec } from '../../src/decoder/libxl/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { EntryFlag, type IndexEntry } from '../../src/decoder/model/RecordIndex.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildPlan, expandPageBatches } from '../../src/generator/build.ts';
import { concatChunks, planChunks } from '../../src/generator/chunks.ts';
import { streamSource, type StreamSpec } from '../../src/generator/index.ts';
import { resolveSpec } from '../../src/generator/spec.ts';

/** The generator's dense-stream options write the streams they name, and the scan finds them valid. */

async function entries(spec: StreamSpec): Promise<IndexEntry[]> {
  const r = await scanStream(streamSource(spec));
  expect(r.counts.error, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(0);
  return Array.from({ length: r.index.count }, (_, i) => r.index.get(i));
}

const of = (es: IndexEntry[], layer: Layer, type: number) => es.filter((e) => e.layer === layer && e.type === type && !(e.flags & EntryFlag.Header));

describe('dense streams from the generator', () => {
  it('--batch 1: one PAGE_DATA record per page, each holding its one page', async () => {
    const pages = of(await entries({ pages: 3000, batch: 1 }), Layer.Libxc, Rec.PAGE_DATA);
    expect(pages).toHaveLength(3000);
    // Body: count, reserved, one PFN entry; then the page, except in the HVM VGA hole (XTAB).
    for (const e of pages) expect(e.bodyLength).toBe(e.aux[1] === 1 ? 16 + 4096 : 16);
    expect(pages.filter((e) => e.aux[1] === 1)).toHaveLength(3000 - 32);
  });

  it('--xtab-only: every entry XTAB, so records hold PFNs and no page contents', async () => {
    const pages = of(await entries({ pages: 5000, batch: 1, xtabOnly: true }), Layer.Libxc, Rec.PAGE_DATA);
    expect(pages).toHaveLength(5000);
    expect(pages.every((e) => e.bodyLength === 16 && e.length === 24 && e.aux[0] === 1 && e.aux[1] === 0)).toBe(true);
  });

  it('--checkpoints N: N checkpoints, each after the first sending an eighth of the pages', async () => {
    const es = await entries({ pages: 16, checkpoints: 300 });
    expect(of(es, Layer.Libxc, Rec.CHECKPOINT)).toHaveLength(300);
    expect(of(es, Layer.Libxl, LibxlRec.CHECKPOINT_END)).toHaveLength(300);
    const sent = (cp: number) => of(es, Layer.Libxc, Rec.PAGE_DATA).filter((e) => e.group === cp).reduce((n, e) => n + e.aux[0], 0);
    expect(sent(0)).toBe(16);
    for (const cp of [1, 150, 299]) expect(sent(cp)).toBe(2);
  });

  it('writes page batches as the same bytes as the single records faults edit', () => {
    // PV (page tables among the pages), an HVM VGA hole of XTAB entries, a batch that does not
    // divide the pages, pattern contents, and a checkpointed stream.
    for (const spec of [{ guest: 'pv64', pages: 3000, batch: 7 }, { pages: 300, batch: 100 }, { pages: 64, checkpoints: 3, batch: 5 }] as const) {
      const plan = buildPlan(resolveSpec(spec));
      const batched = concatChunks(planChunks(plan));
      expandPageBatches(plan);
      expect(Buffer.from(concatChunks(planChunks(plan))).equals(batched), JSON.stringify(spec)).toBe(true);
    }
  });
});
