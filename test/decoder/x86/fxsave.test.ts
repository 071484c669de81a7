import { describe, expect, it } from 'vitest';
import { Dissection } from '../../../src/decoder/dissect/Dissection.ts';
import { dissectFxsave, FXSAVE_SIZE } from '../../../src/decoder/x86/fxsave.ts';
import type { Field } from '../../../src/decoder/model/Field.ts';

// An FXSAVE area built byte by byte: FCW 0x037f (the reset value), MXCSR 0x1f80, FIP, ST0, XMM15.
function area(): Uint8Array {
  const b = new Uint8Array(FXSAVE_SIZE);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, 0x037f, true);
  dv.setBigUint64(8, 0xffffffff81000010n, true);
  dv.setUint32(24, 0x1f80, true);
  b.set([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a], 32);
  b[160 + 15 * 16] = 0xaa;
  b[160 + 15 * 16 + 15] = 0xbb;
  return b;
}

const find = (fields: readonly Field[], name: string): Field | undefined => {
  for (const f of fields) {
    if (f.name === name) return f;
    const inner = f.children && find(f.children, name);
    if (inner) return inner;
  }
  return undefined;
};

describe('FXSAVE area', () => {
  const dissect = (bytes: Uint8Array, wide: boolean) => {
    const d = new Dissection(bytes, 0x1000, { littleEndian: true, tree: true, diags: null, record: 0 });
    dissectFxsave(d, 0, wide);
    return d.fields;
  };

  it('reads the control words, the 64-bit FPU IP and the registers high byte first, at their file offsets', () => {
    const fields = dissect(area(), true);
    expect(find(fields, 'fcw')).toMatchObject({ raw: 0x037f, offset: 0x1000, length: 2 });
    expect(find(fields, 'mxcsr')).toMatchObject({ raw: 0x1f80, offset: 0x1000 + 24 });
    expect(find(fields, 'fip')?.raw).toBe(0xffffffff81000010n);
    expect(find(fields, 'st0')).toMatchObject({ display: '0x0a090807060504030201', offset: 0x1000 + 32, length: 10 });
    expect(find(fields, 'xmm15')).toMatchObject({ display: '0xbb0000000000000000000000000000aa', offset: 0x1000 + 400, length: 16 });
  });

  it('the 32-bit format splits FIP into offset and FCS selector', () => {
    const fields = dissect(area(), false);
    expect(find(fields, 'fip')?.raw).toBe(0x81000010);
    expect(find(fields, 'fcs')?.raw).toBe(0xffff);
  });

  it('a cut-short area is one span, not an exception', () => {
    const fields = dissect(area().subarray(0, 100), true);
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ name: 'fxsave', length: 100, display: 'cut short' });
  });

  it('marks a field as holding a guest PFN for the explorer to link', () => {
    const d = new Dissection(area(), 0, { littleEndian: true, tree: true, diags: null, record: 0 });
    d.u32('cr3', 0);
    d.pfn(0x1234);
    expect(d.fields[0]!.pfn).toBe(0x1234);
  });
});
