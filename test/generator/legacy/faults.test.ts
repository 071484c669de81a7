import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckId } from '../../../src/decoder/core/checks.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { expectedLegacyChecks, LEGACY_FAULTS, legacyFaultSpec, streamSource, type LegacyFaultName } from '../../../src/generator/index.ts';

// Every legacy fault the generator knows, scanned: the check it is named for must fire. With the
// test below, this is the per-diagnostic unit test of the legacy validator.
describe('each legacy fault triggers the check it is named for', () => {
  for (const name of Object.keys(LEGACY_FAULTS) as LegacyFaultName[]) {
    it(name, async () => {
      const result = await scanStream(streamSource(legacyFaultSpec(name)));
      const ids = new Set(result.diagnostics.map((d) => d.id));
      for (const id of expectedLegacyChecks(name)) expect(ids, `diagnostics: ${[...ids].join(', ')}`).toContain(id);
      expect(result.diagnostics.filter((d) => d.message.includes('internal error'))).toEqual([]);
    });
  }
});

it('every legacy check has a fault that provokes it', () => {
  const legacyIds = (Object.keys(CHECKS) as CheckId[]).filter((id) => id.startsWith('LEGACY_'));
  const provoked = new Set((Object.keys(LEGACY_FAULTS) as LegacyFaultName[]).flatMap(expectedLegacyChecks));
  expect(legacyIds.filter((id) => !provoked.has(id))).toEqual([]);
});

it('converter-only refusals are warnings that say restore on Xen ≥ 4.6 will fail; 4.5 restorer refusals are errors', () => {
  for (const [id, c] of Object.entries(CHECKS)) {
    if (!id.startsWith('LEGACY_')) continue;
    if (c.origin === 'convert') {
      expect(c.severity, id).toBe('warning');
      expect(c.title, id).toMatch(/restore on Xen ≥ 4\.6 will fail/);
    }
  }
  expect(CHECKS.LEGACY_BATCH_TOO_LARGE).toMatchObject({ severity: 'error', origin: 'restore' });
  expect(CHECKS.LEGACY_CONVERT_TMEM).toMatchObject({ severity: 'warning', origin: 'convert' });
});
