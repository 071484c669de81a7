import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';

/**
 * The CLI on legacy (pre-Xen-4.6) files: verify and inspect read them in any container, say how
 * the toolstack width and guest type were decided, and take the user's word when the guess is
 * wrong.
 */

const dir = mkdtempSync(join(tmpdir(), 'xse-cli-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, name);
const xlHvm = file('xl-hvm.save');
const barePv = file('bare-pv.save');
const noExtInfo = file('no-ext-info.save');
writeStreamFile({ guest: 'hvm', pages: 64, batch: 16, legacy: {} }, xlHvm);
writeStreamFile({ guest: 'pv32', pages: 64, legacy: { container: 'bare', toolstack: 32 } }, barePv);
// A 64-bit PV stream without extended info: the first bytes look like an HVM stream's.
writeStreamFile({ guest: 'pv64', pages: 64, legacy: { container: 'bare', extendedInfo: false } }, noExtInfo);

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { status, out, err };
}

const json = async (...argv: string[]) => {
  const r = await run('verify', '--json', ...argv);
  return { status: r.status, v: JSON.parse(r.out) as Record<string, unknown> & { legacy: Record<string, unknown>; diagnostics: { id: string; severity: string }[] } };
};

describe('verify --json on legacy files', () => {
  it('reports format "legacy", the outer container, and the width and guest type with how they were decided', async () => {
    const { status, v } = await json(xlHvm);
    expect(status).toBe(0);
    expect(v).toMatchObject({ format: 'legacy', container: 'xl', valid: true });
    expect(v.legacy).toMatchObject({ width: 64, guest: 'hvm', widthFrom: 'stream', guestFrom: 'config' });
    expect(v.legacy.decidedBy).toMatch(/64-bit toolstack.*HVM guest from the domain config/);
  });

  it('guesses a bare stream from its first bytes, and says a 32-bit toolstack image needs converting by hand', async () => {
    const { v } = await json(barePv);
    expect(v).toMatchObject({ format: 'legacy', container: 'legacy', valid: true });
    expect(v.legacy).toMatchObject({ width: 32, guest: 'pv', guestWidth: 32, widthFrom: 'stream', guestFrom: 'stream' });
    expect(v.diagnostics.map((d) => d.id)).toContain('LEGACY_CONVERT_WIDTH_32');
  });

  it('takes --legacy-guest and --legacy-width when the guess is wrong', async () => {
    const guessed = await json(noExtInfo);
    expect(guessed.v.legacy).toMatchObject({ guest: 'hvm', guestFrom: 'stream' });
    expect(guessed.status).toBe(1);
    const told = await json('--legacy-guest', 'pv', '--legacy-width', '64', noExtInfo);
    expect(told.v.legacy).toMatchObject({ guest: 'pv', guestFrom: 'option', width: 64, widthFrom: 'option' });
    expect(told.status).toBe(0);
    expect(told.v.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.id)).toEqual(['LEGACY_CONVERT_NO_EXTENDED_INFO']);
  });

  it('refuses bad override values with exit status 2', async () => {
    for (const args of [['--legacy-width', '16'], ['--legacy-guest', 'pvh']]) {
      const r = await run('verify', ...args, barePv);
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/--legacy-(width|guest) must be/);
    }
  });

  it('reads a file as a bare legacy stream with --format legacy', async () => {
    const { v } = await json('--format', 'legacy', barePv);
    expect(v).toMatchObject({ format: 'legacy', valid: true });
  });
});

describe('inspect on legacy files', () => {
  it('lists the legacy records by name', async () => {
    const r = await run('inspect', xlHvm);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/legacy\s+p2m_size\s+8\s+64 PFNs/);
    expect(r.out).toMatch(/legacy\s+page batch\s+\d+\s+16 PFNs 0x0–0xf, 16 pages/);
    expect(r.out).toMatch(/legacy\s+HVM_IDENT_PT\s+16\s+IDENT_PT = 0xfeffc000/);
    expect(r.out).toMatch(/legacy\s+QEMU record\s+\d+\s+libxl: QEMU state/);
  });

  it('--json gives every legacy record its field tree', async () => {
    const r = await run('inspect', '--json', '--legacy-guest', 'pv', noExtInfo);
    const doc = JSON.parse(r.out) as { records: { name: string; fields: { name: string }[] }[] };
    const byName = new Map(doc.records.map((x) => [x.name, x.fields.map((f) => f.name)]));
    expect(byName.get('p2m_size')).toEqual(['p2m_size']);
    expect(byName.get('P2M frame list')).toEqual(['p2m_frame[0]']);
    expect(byName.get('VCPU_INFO')).toEqual(['chunk id', 'max_vcpu_id', 'vcpumap[0]']);
    expect(byName.get('shared info')).toEqual(['shared_info page']);
  });
});

it('generate --legacy writes legacy streams and takes legacy faults', async () => {
  const out = file('gen.save');
  expect((await run('generate', '--legacy', '--container', 'xend', '--guest', 'hvm', '--pages', '32', '--fault', 'LEGACY_QEMU_NO_QEVM', out)).status).toBe(0);
  const { v } = await json(out);
  expect(v).toMatchObject({ format: 'legacy', container: 'xend', valid: false });
  expect(v.diagnostics.map((d) => d.id)).toContain('LEGACY_QEMU_NO_QEVM');
  expect((await run('generate', '--fault', 'LEGACY_QEMU_NO_QEVM', out)).status).toBe(2);
  expect((await run('generate', '--sample', 'legacy-pv', '--fault', 'LEGACY_PFN_RANGE', out)).status).toBe(0);
  expect((await json(out)).v.diagnostics.map((d) => d.id)).toContain('LEGACY_PFN_RANGE');
});
