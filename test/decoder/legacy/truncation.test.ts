import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import type { ScanOptions } from '../../../src/decoder/scan/ScanState.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream, type LegacySpec } from '../../../src/generator/index.ts';
import { expectCutReported } from '../../support/scans.ts';

/**
 * A legacy file cut short at any byte never crashes the decoder, is reported as truncated
 * exactly at the end of the file with what was expected there, yields no other error, and keeps
 * every entry that lies wholly before the cut as the full file's scan has it. A Remus stream cut
 * after a complete checkpoint is a receiver's failover: a warning, not an error.
 *
 * (xend HVM images are left out: their QEMU record runs to the end of the file, so a cut inside
 * it cannot be told from a shorter record, by the restorer or anyone. A bare legacy stream has no
 * magic: cut to fewer than 16 bytes it is not recognisable as one, so those cuts are read as
 * legacy on purpose, as with --format legacy. Likewise a 32-bit toolstack's stream cut within
 * its first 8 bytes cannot show its width, which bytes 4-7 decide: those cuts get the width given,
 * as with --legacy-width 32.)
 */

const STREAMS: Record<string, LegacySpec> = {
  'bare PV 64-bit, 64-bit toolstack': { guest: 'pv64', pages: 2, batch: 1, legacy: { container: 'bare' } },
  'PV 32-bit, 32-bit toolstack, in xl with a text config': { guest: 'pv32', pages: 2, config: 'xl', legacy: { toolstack: 32, xsave: false } },
  'HVM in a libvirt v1 header, TMEM': { guest: 'hvm', pages: 1, legacy: { container: 'libvirt', tmem: true } },
};


describe.each(Object.entries(STREAMS))('%s cut at every offset', (_name, spec) => {
  const bytes = buildStream(spec);

  it('is reported as truncated at the end of the file, losing nothing before it', async () => {
    const full = await scanStream(new MemorySource(bytes));
    expect(full.counts.error).toBe(0);
    const start = Array.from({ length: full.index.count }, (_, i) => full.index.get(i)).find((e) => e.layer === Layer.Legacy)!.offset;
    for (let n = 1; n < bytes.length; n++) {
      const options: ScanOptions = {};
      if (spec.legacy.container === 'bare' && n < 16) options.format = 'legacy';
      if (spec.legacy.toolstack === 32 && n - start < 8) options.legacy = { width: 4 };
      await expectCutReported(bytes, n, full, options);
    }
  }, 120_000);
});

it('a Remus stream cut inside a later checkpoint keeps the complete ones: a warning at the end of the file', async () => {
  const bytes = buildStream({ guest: 'pv64', pages: 2, checkpoints: 2, legacy: { container: 'bare' } });
  const full = await scanStream(new MemorySource(bytes));
  const second = Array.from({ length: full.index.count }, (_, i) => full.index.get(i)).find((e) => e.group === 1)!.offset;
  for (let n = second + 1; n < bytes.length; n += 7) {
    const r = await scanStream(new MemorySource(bytes.subarray(0, n)));
    expect(r.counts.error, `cut at ${n}`).toBe(0);
    const cut = r.diagnostics.filter((d) => d.id === 'CHECKPOINT_INCOMPLETE');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.offset).toBe(n);
    expect(cut[0]!.message).toMatch(/resumes from checkpoint 1/);
  }
});
