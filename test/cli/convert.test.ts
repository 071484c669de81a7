import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { hex } from '../../src/decoder/dissect/show.ts';
import { XlFlag } from '../../src/decoder/xl/header.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { LEGACY_FAULTS, legacyFaultSpec, type LegacyFaultName } from '../../src/generator/index.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';

/**
 * `xen-stream convert`: what a user converting an old image relies on. A convertible image
 * becomes a verified v2 stream (an xl save file keeps its domain config); one the 4.5 restorer
 * would refuse is refused with the reason and the offset, exit status 1, and nothing is left
 * under the output's name.
 */

const dir = mkdtempSync(join(tmpdir(), 'xse-cli-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { status, out, err };
}

describe('convert', () => {
  it('turns an xl save file of Xen 4.5 into one Xen ≥ 4.6 restores: same domain config, STREAMv2 flag, verified', async () => {
    writeStreamFile({ guest: 'hvm', pages: 64, batch: 16, legacy: {} }, file('xl-hvm.save'));
    const r = await run('convert', file('xl-hvm.save'), file('xl-hvm.v2'));
    expect(r.status, r.err).toBe(0);
    expect(r.out).toMatch(/as an xl save file/);
    expect(r.out).toMatch(/verified: xl → libxl v2 → libxc v3, x86 HVM, converted from legacy; \d+ records, 0 errors/);
    const before = await scanStream(new FileSource(file('xl-hvm.save')));
    const after = await scanStream(new FileSource(file('xl-hvm.v2')));
    expect(after.facts.config).toEqual(before.facts.config);
    const flags = new DataView(readFileSync(file('xl-hvm.v2')).buffer).getUint32(36, true);
    expect(flags & XlFlag.STREAMV2).toBe(XlFlag.STREAMV2);
    expect(after.counts.error).toBe(0);
  });

  it('takes the width and guest type the user gives when the guess is wrong', async () => {
    // A 64-bit PV stream without extended info reads as HVM from its first bytes.
    writeStreamFile({ guest: 'pv64', pages: 64, legacy: { container: 'bare', extendedInfo: false } }, file('old-pv.save'));
    expect((await run('convert', file('old-pv.save'), file('old-pv.v2'))).status).toBe(1);
    const r = await run('convert', '--legacy-guest', 'pv', '--legacy-width', '64', '--format', 'libxc', file('old-pv.save'), file('old-pv.v2'));
    expect(r.status, r.err).toBe(0);
    expect(r.out).toMatch(/verified: libxc v3, x86 PV 64-bit/);
  });

  it('says which checkpoint of a Remus stream it converted, and refuses one the stream does not hold', async () => {
    writeStreamFile({ guest: 'pv64', pages: 64, checkpoints: 3, legacy: {} }, file('remus.save'));
    expect((await run('convert', file('remus.save'), file('remus.v2'))).out).toMatch(/checkpoint 3 of 3/);
    expect((await run('convert', '--checkpoint', '2', file('remus.save'), file('remus.v2'))).out).toMatch(/checkpoint 2 of 3/);
    const r = await run('convert', '--checkpoint', '4', file('remus.save'), file('remus4.v2'));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/no checkpoint 4: the stream holds 3 complete checkpoints/);
    expect(existsSync(file('remus4.v2'))).toBe(false);
  });

  it('refuses a v2 stream, and bad options with the usage', async () => {
    writeStreamFile({ guest: 'hvm', pages: 16 }, file('v2.save'));
    const r = await run('convert', file('v2.save'), file('v2.out'));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/cannot convert \(at 0x0\): not a legacy/);
    expect((await run('convert', '--format', 'libvirt', file('v2.save'), file('v2.out'))).status).toBe(2);
    expect((await run('convert', '--checkpoint', '0', file('v2.save'), file('v2.out'))).status).toBe(2);
    expect((await run('convert', file('v2.save'), file('v2.save'))).status).toBe(2);
    expect((await run('convert', file('v2.save'))).status).toBe(2);
  });
});

describe('convert refuses what the 4.5 restorer refuses, at the offset of the reason, leaving no file', () => {
  // Each fault whose stream has an error (the 2^28-entry list is left out: it is slow to generate a refusal for).
  const refused = (Object.keys(LEGACY_FAULTS) as LegacyFaultName[]).filter((n) => n !== 'LEGACY_UNMAPPED_TOO_MANY');
  for (const name of refused) {
    it.concurrent(name, async () => {
      const input = file(`${name}.save`);
      writeStreamFile(legacyFaultSpec(name), input);
      const scan = await scanStream(new FileSource(input));
      const error = scan.diagnostics.find((d) => d.severity === 'error' && d.id !== 'CHECKPOINT_INCOMPLETE');
      const r = await run('convert', input, file(`${name}.v2`));
      if (!error) {
        // No error (compressed checkpoints included): converted.
        expect(r.status, r.err).toBe(0);
        return;
      }
      expect(r.status).toBe(1);
      expect(r.err).toContain(`cannot convert (at ${hex(error.offset)}): the Xen 4.5 restorer would refuse this stream: ${error.id}`);
      expect(readdirSync(dir).filter((f) => f.startsWith(`${name}.v2`))).toEqual([]);
    });
  }
});
