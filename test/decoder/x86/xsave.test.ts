import { describe, expect, it } from 'vitest';
import { Dissection } from '../../../src/decoder/dissect/Dissection.ts';
import { dissectXsaveContext, xstateNames } from '../../../src/decoder/x86/xsave.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * XSAVE contexts built byte by byte in the standard (uncompacted) format Xen saves: each register
 * value planted at its component's offset must come back under the component's name.
 */

const AVX = 0x7n;
const AVX512 = 0xe7n | (1n << 9n); // FP SSE YMM OPMASK ZMM HI_ZMM PKRU

/** A PV-style context (xcr0, xcr0_accum, area) with marker bytes in YMM15, k7, ZMM31 and PKRU. */
function pvContext(xcr0: bigint, areaSize: number): Uint8Array {
  const b = new Uint8Array(16 + areaSize);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, xcr0, true);
  v.setBigUint64(8, xcr0, true);
  const area = 16;
  v.setUint16(area, 0x037f, true);
  v.setBigUint64(area + 512, xcr0, true); // XSTATE_BV: every enabled component is live
  b[area + 576 + 15 * 16] = 0x11; // low byte of YMM15's upper half
  if (areaSize >= 2696) {
    v.setBigUint64(area + 1088 + 7 * 8, 0xffffn, true); // k7
    b[area + 1664 + 15 * 64 + 63] = 0x99; // top byte of ZMM31
    v.setUint32(area + 2688, 0x55555554, true); // PKRU
  }
  return b;
}

function dissect(bytes: Uint8Array, hvm = false) {
  const d = new Dissection(bytes, 0x2000, { littleEndian: true, tree: true, diags: null, record: 0 });
  dissectXsaveContext(d, 0, bytes.length, hvm);
  return flattenFields(d.fields);
}

describe('XSAVE context', () => {
  it('names the XCR0 components', () => {
    expect(xstateNames(AVX)).toBe('FP | SSE | YMM (0x7)');
    expect(xstateNames(AVX512)).toBe('FP | SSE | YMM | OPMASK | ZMM | HI_ZMM | PKRU (0x2e7)');
  });

  it('without AVX-512: the legacy region, the header and YMM_Hi128 at offset 576, nothing more', () => {
    const f = dissect(pvContext(AVX, 832));
    expect(f.get('xcr0')?.display).toBe('FP | SSE | YMM (0x7)');
    expect(f.get('xsave area.fcw')?.raw).toBe(0x037f);
    expect(f.get('xsave area.xstate_bv')?.raw).toBe(AVX);
    expect(f.get('xsave area.YMM.ymmh.ymmh15')).toMatchObject({ offset: 0x2000 + 16 + 576 + 240, length: 16, display: '0x' + '0'.repeat(30) + '11' });
    expect([...f.keys()].some((k) => k.includes('OPMASK') || k.includes('ZMM'))).toBe(false);
  });

  it('with AVX-512: opmask, ZMM_Hi256 and Hi16_ZMM registers and PKRU at their offsets', () => {
    const f = dissect(pvContext(AVX512, 2696));
    expect(f.get('xsave area.OPMASK.k.k7')).toMatchObject({ offset: 0x2000 + 16 + 1088 + 56, display: '0x000000000000ffff' });
    expect(f.get('xsave area.ZMM.zmmh.zmmh0')?.length).toBe(32);
    expect(f.get('xsave area.HI_ZMM.zmm.zmm31')).toMatchObject({ offset: 0x2000 + 16 + 1664 + 960, length: 64 });
    expect(f.get('xsave area.HI_ZMM.zmm.zmm31')?.display.startsWith('0x99')).toBe(true);
    expect(f.get('xsave area.PKRU.pkru')?.raw).toBe(0x55555554);
  });

  it('the HVM CPU_XSAVE entry has xfeature_mask before xcr0', () => {
    const pv = pvContext(AVX, 832);
    const hvm = new Uint8Array(8 + pv.length);
    hvm.set(pv, 8);
    const f = dissect(hvm, true);
    expect(f.get('xfeature_mask')?.offset).toBe(0x2000);
    expect(f.get('xcr0')?.raw).toBe(AVX);
    expect(f.get('xsave area.YMM.ymmh.ymmh15')?.offset).toBe(0x2000 + 24 + 576 + 240);
  });

  it('a component past the end of a short area is reported as such, not read', () => {
    const f = dissect(pvContext(AVX512, 1200));
    expect(f.get('xsave area.PKRU')?.display).toContain('beyond the end');
  });

  it('a compacted area (XCOMP_BV bit 63) is not split by guessed offsets', () => {
    const b = pvContext(AVX, 832);
    new DataView(b.buffer).setBigUint64(16 + 520, (1n << 63n) | AVX, true);
    const f = dissect(b);
    expect(f.get('xsave area.xcomp_bv')?.display).toBe('FP | SSE | YMM | COMPACTED (0x8000000000000007)');
    expect(f.get('xsave area.extended components (compacted)')?.length).toBe(256);
    expect(f.has('xsave area.YMM')).toBe(false);
  });
});
