import { describe, expect, it } from 'vitest';
import { Dissection } from '../../../src/decoder/dissect/Dissection.ts';
import { DiagnosticList } from '../../../src/decoder/model/Diagnostic.ts';
import { dissectHvmContext } from '../../../src/decoder/hvm/context.ts';
import { HVM_ENTRY_SIZES } from '../../../src/decoder/hvm/entrySizes.ts';
import { hvmContext, hvmEntry } from '../../../src/generator/bodies.ts';
import { Bytes } from '../../../src/generator/bytes.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * HVM context entries decoded to named registers: the generator's context (known register
 * values), entries built here with planted values, and every entry size an older Xen wrote.
 */

function blob(...entries: Uint8Array[]): Uint8Array {
  const header = hvmContext(1).subarray(0, 32); // the generator's HEADER entry
  const b = new Bytes().bytes(header);
  for (const e of entries) b.bytes(e);
  return b.bytes(hvmEntry(0, 0, new Uint8Array(0))).done();
}

/** `vcpus`: the domain's vCPU count, as the domain config gives it. */
function dissect(bytes: Uint8Array, vcpus = 1) {
  const diags = new DiagnosticList();
  const d = new Dissection(bytes, 0, { littleEndian: true, tree: true, diags, record: 0 });
  dissectHvmContext(d, 0, bytes.length, vcpus);
  return { fields: flattenFields(d.fields), diags: diags.items };
}

function body(size: number, plant: (v: DataView) => void = () => {}): Uint8Array {
  const b = new Uint8Array(size);
  plant(new DataView(b.buffer));
  return b;
}

describe('HVM context entries', () => {
  it("the generator's context reads back its register values, its FPU area as FXSAVE and its MSRs", () => {
    const { fields, diags } = dissect(hvmContext(2), 2);
    expect(diags).toEqual([]);
    expect(fields.get('CPU[1].rip')?.display).toBe('0xfff0');
    expect(fields.get('CPU[1].cr0')?.display).toBe('0x60000010');
    expect(fields.get('CPU[0].fpu_regs.mxcsr')).toBeDefined();
    expect(fields.get('CPU_XSAVE[0].xcr0')?.display).toBe('FP | SSE | YMM (0x7)');
    expect(fields.get('CPU_MSR[1].msr[0].value')?.display).toBe('0x500');
  });

  it('LAPIC_REGS: the APIC registers by name at their 16-byte slots', () => {
    const regs = body(1024, (v) => {
      v.setUint32(0x20, 3 << 24, true);
      v.setUint32(0xf0, 0x1ff, true);
      v.setUint32(0x320, 0x100ef, true);
      v.setUint32(0x3e0, 0xb, true);
    });
    const { fields } = dissect(blob(hvmEntry(6, 0, regs)));
    expect(fields.get('LAPIC_REGS[0].ID')?.display).toBe('APIC id 3 (0x03000000)');
    expect(fields.get('LAPIC_REGS[0].SVR')?.display).toBe('spurious vector 0xff, APIC enabled (0x000001ff)');
    expect(fields.get('LAPIC_REGS[0].LVT_TIMER')?.display).toBe('vector 0xef, masked (0x000100ef)');
    expect(fields.get('LAPIC_REGS[0].TIMER_DIVIDE_CONFIG')).toMatchObject({ raw: 0xb, offset: 32 + 8 + 0x3e0 });
    expect(fields.has('LAPIC_REGS[0].IRR7')).toBe(true);
  });

  it('MTRR: PAT, variable ranges as base/type/mask, fixed ranges as address runs, default type', () => {
    const mtrr = body(240, (v) => {
      v.setBigUint64(0, 0x0007040600070406n, true);
      v.setBigUint64(8, 0xc0000000n | 0n, true); // PHYSBASE0: UC
      v.setBigUint64(16, 0xffc0000800n, true); // PHYSMASK0: valid
      v.setBigUint64(136, 0x0606060606060606n, true); // fix64K_00000: WB
      v.setBigUint64(152, 0x0101010101010101n, true); // fix16K_A0000: WC
      v.setBigUint64(232, 0xc06n, true);
    });
    const { fields } = dissect(blob(hvmEntry(14, 0, mtrr)));
    expect(fields.get('MTRR[0].msr_pat_cr')?.display).toBe('WB WT UC- UC WB WT UC- UC (0x7040600070406)');
    expect(fields.get('MTRR[0].msr_mtrr_var')?.display).toBe('1 of 8 ranges valid');
    expect(fields.get('MTRR[0].msr_mtrr_var.range[0]')?.display).toBe('0xc0000000 UC, mask 0xffc0000000');
    expect(fields.get('MTRR[0].msr_mtrr_fixed.MTRRfix64K_00000')?.display).toBe('0-7ffff WB (0x606060606060606)');
    expect(fields.get('MTRR[0].msr_mtrr_fixed.MTRRfix16K_A0000')?.display).toBe('a0000-bffff WC (0x101010101010101)');
    expect(fields.get('MTRR[0].msr_mtrr_def_type')?.display).toBe('default WB, enabled, fixed enabled (0xc06)');
  });

  it('VIRIDIAN domain and vCPU, VMCE and TSC_ADJUST fields by name', () => {
    const { fields } = dissect(
      blob(
        hvmEntry(15, 0, body(32, (v) => v.setBigUint64(8, 0x1040n, true))),
        hvmEntry(17, 0, body(216, (v) => v.setBigUint64(24 + 8 * 15, 0x10002n, true))),
        hvmEntry(18, 0, body(32, (v) => v.setBigUint64(24, 1n, true))),
        hvmEntry(19, 0, body(8, (v) => v.setBigUint64(0, 0x1234n, true))),
      ),
    );
    expect(fields.get('VIRIDIAN_DOMAIN[0].guest_os_id')?.display).toBe('0x1040');
    expect(fields.get('VIRIDIAN_VCPU[0].sint_msr[15]')?.display).toBe('0x10002');
    expect(fields.get('VIRIDIAN_VCPU[0].stimer_count_msr[3]')?.offset).toBe(32 + 8 + 32 + 8 + 184 + 24);
    expect(fields.get('VMCE_VCPU[0].mcg_ext_ctl')?.display).toBe('0x1');
    expect(fields.get('TSC_ADJUST[0].tsc_adjust')?.display).toBe('0x1234');
  });

  it.each(Object.entries(HVM_ENTRY_SIZES).flatMap(([code, sizes]) => Object.entries(sizes).map(([size, era]) => [Number(code), Number(size), era] as const)))(
    'typecode %i of %i bytes is labelled "%s" and loads without a problem',
    (code, size, era) => {
      const { fields, diags } = dissect(blob(hvmEntry(code, 0, new Uint8Array(size))));
      const entry = [...fields.entries()].find(([k]) => /^[A-Z_]+\[0\]$/.test(k) && k !== 'HEADER[0]' && k !== 'END[0]')![1];
      expect(entry.display).toContain(`(${era})`);
      expect(diags).toEqual([]);
      expect(entry.children!.some((f) => f.name === 'rest')).toBe(false);
    },
  );

  it("the CPU entry of Xen before 3.4 (1016 bytes, no msr_tsc_aux) has tsc at 1000", () => {
    const cpu = body(1016, (v) => v.setBigUint64(1000, 0xabcdefn, true));
    const { fields } = dissect(blob(hvmEntry(2, 0, cpu)));
    expect(fields.get('CPU[0].tsc')).toMatchObject({ display: '0xabcdef', offset: 32 + 8 + 1000 });
    expect(fields.has('CPU[0].msr_tsc_aux')).toBe(false);
    expect(fields.get('CPU[0].error_code')?.offset).toBe(32 + 8 + 1012);
  });
});
