import { describe, expect, it } from 'vitest';
import { interpret } from '../../../src/decoder/inspect/interpretations.ts';

/** The data inspector's readings of bytes built here with known values in every format. */

const reading = (bytes: number[] | Uint8Array, label: string) => interpret(Uint8Array.from(bytes)).find((r) => r.label === label)?.value;

describe('data inspector readings', () => {
  const b = [0xfe, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x80];

  it('integers of every width, signed and unsigned, in both byte orders', () => {
    expect(reading(b, 'u8')).toBe('254');
    expect(reading(b, 's8')).toBe('-2');
    expect(reading(b, 'u16 LE')).toBe('65534');
    expect(reading(b, 'u16 BE')).toBe('65279');
    expect(reading(b, 'u32 LE')).toBe('4294967294');
    expect(reading(b, 's32 LE')).toBe('-2');
    expect(reading(b, 'u32 BE')).toBe(String(0xfeffffff));
    expect(reading(b, 'u64 LE')).toBe((0x80000001fffffffen).toString());
    expect(reading(b, 's64 BE')).toBe(BigInt.asIntN(64, 0xfeffffff01000080n).toString());
  });

  it('floats', () => {
    const f = new Uint8Array(8);
    new DataView(f.buffer).setFloat64(0, -1.5, true);
    expect(reading(f, 'f64 LE')).toBe('-1.5');
    new DataView(f.buffer).setFloat32(0, 3.25, false);
    expect(reading(f, 'f32 BE')).toBe('3.25');
  });

  it('a PAGE_DATA PFN entry, a page-table entry and a segment descriptor', () => {
    const u64 = (v: bigint) => {
      const x = new Uint8Array(8);
      new DataView(x.buffer).setBigUint64(0, v, true);
      return x;
    };
    expect(reading(u64((0x1n << 60n) | 0x1234n), 'PFN entry')).toBe('PFN 0x1234, L1TAB');
    expect(reading(u64((1n << 63n) | (0xabcn << 12n) | 0x87n), 'PTE')).toBe('PFN 0xabc, P RW US PS NX');
    expect(reading(u64(0xabcn << 12n), 'PTE')).toBe('PFN 0xabc, !P RO S');
    // The flat 64-bit kernel code segment Linux puts in its GDT: 0x00af9b000000ffff.
    expect(reading(u64(0x00af9b000000ffffn), 'segment descriptor')).toBe('base 0x0, limit 0xffffffff, code, DPL 0, present, L (64-bit)');
  });

  it('text as ASCII (dots for the rest) and UTF-8 up to a NUL', () => {
    const t = new TextEncoder().encode('Xen ✓\0tail');
    expect(reading(t, 'ASCII')).toBe('Xen ....tail');
    expect(reading(t, 'UTF-8')).toBe('Xen ✓');
  });

  it('near the end of the file, readings that need more bytes than there are say so', () => {
    expect(reading([0x41, 0x42], 'u16 LE')).toBe('16961');
    expect(reading([0x41, 0x42], 'u32 LE')).toBeNull();
    expect(reading([0x41, 0x42], 'PTE')).toBeNull();
  });
});
