import { describe, expect, it } from 'vitest';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { expectedChecks, FAULTS, faultSpec, streamSource, type FaultName } from '../../src/generator/index.ts';

// Every fault the generator knows, scanned: the check it is named for must fire. This is also
// the per-diagnostic-id unit test of the validator: each id has a fault that provokes it.
describe('each generator fault triggers the check it is named for', () => {
  for (const name of Object.keys(FAULTS) as FaultName[]) {
    it(name, async () => {
      const result = await scanStream(streamSource(faultSpec(name)));
      const ids = new Set(result.diagnostics.map((d) => d.id));
      for (const id of expectedChecks(name)) expect(ids, `diagnostics: ${[...ids].join(', ')}`).toContain(id);
    });
  }
});

it('builds a stream of a million PAGE_DATA records', async () => {
  const src = streamSource({ pages: 1_000_000, batch: 1, pageContent: 'zero' });
  const r = await scanStream(src);
  expect(r.facts.libxc?.pageRecords).toBe(1_000_000);
  expect(r.counts.error).toBe(0);
}, 120_000);
