import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { latin1 } from '../../../src/decoder/dissect/show.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream } from '../../../src/generator/index.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * The domain config in an xl header (the generator's libxl JSON and xl text configs) is shown as
 * numbered lines, each line a field over exactly its own bytes.
 */

describe.each(['json', 'xl'] as const)('domain config lines (%s)', (config) => {
  it('numbers every line from 1, and each line field covers the bytes of that line', async () => {
    const spec = buildStream({ config, pages: 4 });
    const r = await scanStream(new MemorySource(spec));
    const fields = flattenFields(await decodeEntry(new MemorySource(spec), r.index.get(0), r.facts));
    const group = [...fields.entries()].find(([k]) => k.endsWith('.config'))![1];
    const lines = group.children!;
    const text = latin1(spec.subarray(group.offset, group.offset + group.length)).replace(/\0+$/, '');
    expect(lines.map((l) => l.name)).toEqual(text.split('\n').map((_, i) => `line ${i + 1}`).slice(0, lines.length));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(latin1(spec.subarray(l.offset, l.offset + l.length)).replace(/[\n\0]+$/, '')).toBe(l.raw);
    }
    expect(group.display).toMatch(config === 'json' ? /^libxl JSON/ : /^xl config text/);
  });
});
