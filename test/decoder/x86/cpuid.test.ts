import { describe, expect, it } from 'vitest';
import { Dissection } from '../../../src/decoder/dissect/Dissection.ts';
import { CPUID_ENTRY_SIZE, dissectCpuidPolicy } from '../../../src/decoder/x86/cpuid.ts';
import { cpuidPolicy, DEFAULT_CPUID } from '../../../src/generator/bodies.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * The CPUID policy record: the generator's default policy (an Intel Haswell: leaf 1 EAX 0x306c3)
 * and leaves built here with known bits read back as vendor, family/model/stepping, brand and
 * feature names.
 */

function dissect(body: Uint8Array) {
  const d = new Dissection(body, 0, { littleEndian: true, tree: true, diags: null, record: 0 });
  const id = dissectCpuidPolicy(d, body.length / CPUID_ENTRY_SIZE, 4096);
  return { id, fields: flattenFields(d.fields) };
}

/** Four ASCII characters as the u32 CPUID returns them in. */
const word = (s: string) => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | ((s.charCodeAt(3) << 24) >>> 0);

describe('CPUID policy', () => {
  it('reads the vendor from leaf 0 (EBX, EDX, ECX) and family/model/stepping from leaf 1', () => {
    const { id, fields } = dissect(cpuidPolicy(DEFAULT_CPUID));
    expect(id).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 0x3c, stepping: 3 });
    expect(fields.get('identity')?.display).toBe('GenuineIntel, family 0x6 model 0x3c stepping 3');
  });

  it('names the feature flags of leaves 1, 7.0, 0xD and 0x80000001/8 as Linux and Xen spell them', () => {
    const { fields } = dissect(cpuidPolicy(DEFAULT_CPUID));
    expect(fields.get('leaf[1].edx')?.display).toMatch(/^fpu vme de pse tsc msr pae mce cx8 apic sep mtrr .* sse sse2 ss/);
    expect(fields.get('leaf[1].ecx')?.display).toContain('avx');
    expect(fields.get('leaf[2].ebx')?.display).toBe('fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid no_fpu_sel (0x000027ab)');
    expect(fields.get('leaf[3].eax')?.display).toBe('FP | SSE | YMM (0x7)');
  });

  it('extended leaves: lm/nx/syscall, the AMD speculation bits, the brand string and family 0xf + extended family', () => {
    const brand = 'AMD EPYC 7302 16-Core Processor'.padEnd(48, '\0');
    const words = Array.from({ length: 12 }, (_, i) => word(brand.slice(4 * i, 4 * i + 4)));
    const leaves = [
      [0x0, 0xffffffff, 0x10, word('Auth'), word('cAMD'), word('enti')],
      [0x1, 0xffffffff, 0x00830f10, 0, 0, 0],
      [0x80000001, 0xffffffff, 0, 0, 0x1, (1 << 29) | (1 << 20) | (1 << 11)],
      [0x80000002, 0xffffffff, ...words.slice(0, 4)],
      [0x80000003, 0xffffffff, ...words.slice(4, 8)],
      [0x80000004, 0xffffffff, ...words.slice(8, 12)],
      [0x80000008, 0xffffffff, 0x3030, (1 << 12) | (1 << 24), 0, 0],
      [0xd, 0x1, 0xf, 0, 0, 0],
    ];
    const { id, fields } = dissect(cpuidPolicy(leaves));
    expect(id).toMatchObject({ vendor: 'AuthenticAMD', family: 0x17, model: 0x31, stepping: 0, brand: 'AMD EPYC 7302 16-Core Processor' });
    expect(fields.get('leaf[2].edx')?.display).toBe('syscall nx lm (0x20100800)');
    expect(fields.get('leaf[2].ecx')?.display).toBe('lahf_lm (0x00000001)');
    expect(fields.get('leaf[6].ebx')?.display).toBe('ibpb amd_ssbd (0x01001000)');
    expect(fields.get('leaf[7].eax')?.display).toBe('xsaveopt xsavec xgetbv1 xsaves (0x0000000f)');
  });

  it('a subleaf of 0xffffffff is shown as none, and bits without a name by number', () => {
    const { fields } = dissect(cpuidPolicy([[0x7, 0x0, 0, 0, 0, 1]]));
    expect(fields.get('leaf[0].edx')?.display).toBe('bit 0 (0x00000001)');
    const none = dissect(cpuidPolicy([[0x1, 0xffffffff, 0, 0, 0, 0]])).fields;
    expect(none.get('leaf[0].subleaf')?.display).toBe('none (0xffffffff)');
    expect(none.get('leaf[0].edx')?.display).toBe('none (0x00000000)');
  });
});
