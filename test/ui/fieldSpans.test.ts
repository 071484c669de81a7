import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { fieldAt } from '../../src/decoder/model/Field.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildSample, SAMPLES } from '../../src/generator/index.ts';
import { fieldSpans, spanAt } from '../../src/ui/hex/fieldSpans.ts';
import { pathKey } from '../../src/ui/fields/treeRows.ts';

describe('fieldSpans', () => {
  it.each(SAMPLES.map((s) => s.name))('agrees with fieldAt on every byte of every record of the %s sample', async (name) => {
    const source = new MemorySource(buildSample(name));
    const scan = await scanStream(source);
    for (let i = 0; i < scan.index.count; i++) {
      const e = scan.index.get(i);
      const tree = await decodeEntry(source, e, scan.facts);
      const spans = fieldSpans(tree);
      for (let k = 1; k < spans.length; k++) expect(spans[k]!.start).toBeGreaterThanOrEqual(spans[k - 1]!.end);
      // Page contents are not read, so long records are sampled at their ends and every 97th byte.
      for (let o = e.offset; o < e.offset + e.length; o += o - e.offset < 4096 || e.offset + e.length - o < 4096 ? 1 : 97) {
        const hit = fieldAt(tree, o);
        const span = spanAt(spans, o);
        expect(span?.key ?? null, `record ${i} byte ${o}`).toBe(hit && hit.field.length > 0 ? pathKey(hit.path) : null);
      }
    }
  });
});
