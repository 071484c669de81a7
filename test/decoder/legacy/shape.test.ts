import { describe, expect, it } from 'vitest';
import { LegacyEntry } from '../../../src/decoder/legacy/constants.ts';
import { inferLegacyShape } from '../../../src/decoder/legacy/shape.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { describeFacts } from '../../../src/decoder/scan/facts.ts';
import type { ScanOptions } from '../../../src/decoder/scan/ScanState.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { buildStream, streamSource, type LegacySpec } from '../../../src/generator/index.ts';

/**
 * How a legacy stream's toolstack width and guest type are decided (legacy-stream.md §7, §10):
 * width from bytes 4-7, guest type from the container's domain config (xl, libvirt, xend) or else
 * from the first bytes, either overridden by the user; and what the decoder says about it.
 */

const scan = (spec: LegacySpec, options: ScanOptions = {}): Promise<ScanResult> => scanStream(streamSource(spec), options);
const errors = (r: ScanResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.id);
const first16 = (spec: LegacySpec) => buildStream({ ...spec, pages: 16, legacy: { ...spec.legacy, container: 'bare' } }).subarray(0, 16);

describe('from the first bytes', () => {
  it.each([
    ['PV guest, 64-bit toolstack', { guest: 'pv64', legacy: {} }, 8, 'pv', /bytes 8-15 are the extended-info signature/],
    ['PV guest, 32-bit toolstack', { guest: 'pv32', legacy: { toolstack: 32 } }, 4, 'pv', /bytes 4-7 are the extended-info signature/],
    ['HVM guest, 64-bit toolstack', { guest: 'hvm', legacy: {} }, 8, 'hvm', /a chunk id follows p2m_size/],
    ['HVM guest, 32-bit toolstack', { guest: 'hvm', legacy: { toolstack: 32 } }, 4, 'hvm', /a chunk id follows p2m_size/],
  ] as [string, LegacySpec, number, string, RegExp][])('%s', (_name, spec, width, guest, why) => {
    const s = inferLegacyShape(first16(spec), undefined, undefined);
    expect(s).toMatchObject({ width, guest, widthFrom: 'stream', guestFrom: 'stream' });
    expect(s.decidedBy).toMatch(width === 8 ? /64-bit toolstack \(bytes 4-7 are zero/ : /32-bit toolstack \(bytes 4-7 are not zero/);
    expect(s.decidedBy).toMatch(why);
  });

  it('the user overrides either, and the config does not override the user', () => {
    const head = first16({ guest: 'hvm', legacy: {} });
    expect(inferLegacyShape(head, { format: 'json', type: 'hvm' }, { guest: 'pv', width: 4 })).toMatchObject({ width: 4, guest: 'pv', widthFrom: 'option', guestFrom: 'option' });
  });
});

describe('from the container', () => {
  it.each([
    ['xl JSON config', { config: 'json' }, 'xl'],
    ['xl config text', { config: 'xl' }, 'xl'],
    ['libvirt domain XML', { legacy: { container: 'libvirt' } }, 'libvirt'],
    ['xend SXP config', { legacy: { container: 'xend' } }, 'xend'],
  ] as [string, Partial<LegacySpec>, string][])('%s says the guest type', async (_name, extra, container) => {
    for (const guest of ['pv64', 'hvm'] as const) {
      const r = await scan({ guest, pages: 32, ...extra, legacy: { ...extra.legacy } });
      expect(r.facts.containers).toEqual([container, 'legacy']);
      expect(r.facts.legacy).toMatchObject({ guest: guest === 'hvm' ? 'hvm' : 'pv', guestFrom: 'config' });
      expect(errors(r)).toEqual([]);
    }
  });

  it('an xl file without a config falls back to the first bytes', async () => {
    const r = await scan({ guest: 'pv64', pages: 32, config: 'none', legacy: {} });
    expect(r.facts.legacy).toMatchObject({ guest: 'pv', guestFrom: 'stream' });
  });
});

describe('what the decoder says about it', () => {
  it('always notes how the stream was read, inviting an override while anything was inferred', async () => {
    const spec: LegacySpec = { guest: 'pv64', pages: 32, legacy: {} };
    const inferred = await scan(spec);
    const told = await scan(spec, { legacy: { width: 8, guest: 'pv' } });
    const note = (r: ScanResult) => r.diagnostics.find((d) => d.id === 'LEGACY_SHAPE')!;
    expect(note(inferred).severity).toBe('info');
    expect(inferred.index.get(note(inferred).record)).toMatchObject({ layer: Layer.Legacy, type: LegacyEntry.P2mSize });
    expect(note(inferred).message).toMatch(/If this is wrong, say so \(xen-stream --legacy-width 32\|64 --legacy-guest pv\|hvm\)/);
    expect(note(told).message).toMatch(/64-bit toolstack as given by the user; PV guest as given by the user$/);
  });

  it('the one-line description says where the guest type and width come from', async () => {
    expect(describeFacts((await scan({ guest: 'pv64', pages: 32, legacy: {} })).facts)).toBe('xl → legacy, x86 PV 64-bit (per the domain config), Xen ≤ 4.5 stream from a 64-bit toolstack');
    expect(describeFacts((await scan({ guest: 'hvm', pages: 32, checkpoints: 2, legacy: { container: 'bare', toolstack: 32 } })).facts)).toBe('legacy, x86 HVM (guessed from the first bytes), Xen ≤ 4.5 stream from a 32-bit toolstack, 2 checkpoints');
    expect(describeFacts((await scan({ guest: 'pv32', pages: 32, legacy: { container: 'bare' } }, { legacy: { width: 8, guest: 'pv' } })).facts)).toBe('legacy, x86 PV 32-bit (as given), Xen ≤ 4.5 stream from a 64-bit toolstack (as given)');
  });

  it('a config that says HVM over a PV stream is an error xl restore would hit; the override reads the stream as it is', async () => {
    const spec: LegacySpec = { guest: 'pv64', pages: 32, legacy: { faults: ['LEGACY_GUEST_MISMATCH'] } };
    const asConfig = await scan(spec);
    expect(asConfig.facts.legacy).toMatchObject({ guest: 'hvm', guestFrom: 'config' });
    expect(errors(asConfig)).toContain('LEGACY_GUEST_MISMATCH');
    const asTold = await scan(spec, { legacy: { guest: 'pv' } });
    expect(asTold.facts.legacy).toMatchObject({ guest: 'pv', guestFrom: 'option', guestWidth: 8 });
    expect(errors(asTold)).toEqual(['LEGACY_GUEST_MISMATCH']);
  });

  it('a 64-bit PV stream without extended info looks like HVM; told it is PV, it decodes cleanly', async () => {
    const spec: LegacySpec = { guest: 'pv64', pages: 32, legacy: { container: 'bare', extendedInfo: false } };
    const guessed = await scan(spec);
    expect(guessed.facts.legacy?.guest).toBe('hvm');
    expect(errors(guessed).length).toBeGreaterThan(0);
    const told = await scan(spec, { legacy: { guest: 'pv' } });
    expect(errors(told)).toEqual([]);
    expect(told.diagnostics.map((d) => d.id)).toContain('LEGACY_CONVERT_NO_EXTENDED_INFO');
    expect(told.facts.complete).toBe(true);
  });

  it('a wrong width given by the user is not fatal to the decoder', async () => {
    const r = await scan({ guest: 'pv64', pages: 32, legacy: {} }, { legacy: { width: 4 } });
    expect(r.facts.legacy?.width).toBe(4);
    expect(r.diagnostics.filter((d) => d.message.includes('internal error'))).toEqual([]);
  });
});
