import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { entryName } from '../../src/decoder/names.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { describeFacts } from '../../src/decoder/scan/facts.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { flattenFields } from '../support/scans.ts';
import { realImage, realVerifyText, sha256File, type REAL_IMAGES } from '../support/shared.ts';

/**
 * The two images written by real Xen 4.17 (`xl save` of a PV and an HVM guest) decode with no
 * error, and their records are what Xen's own verifier listed for them (the .verify.txt beside
 * each image), in the same order with the same lengths.
 */

const SHA = {
  hvm: '0b2a4f2cbbc32b3dc8ae5311ce539d1e750e2fad6eb9d6a6675c7fac79ea9809',
  pv: '9d5e7e3f9bfb8a00d12e3715de2e9a08713e9d0b55ca54cbc669f695be94cf76',
};

/** "Libxc Record: TSC info, length 24" lines and "Squashed N Page Data records" as (name, length) pairs. */
function upstreamRecords(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const rec = /^Lib(xl|xc) Record: (.*), length (\d+)$/.exec(line);
    if (rec) out.push(`${rec[1]} ${rec[2]} ${rec[3]}`);
    const sq = /^Squashed (\d+) Page Data records together$/.exec(line);
    if (sq) out.push(`xc Page data x${sq[1]}`);
  }
  return out;
}

const UPSTREAM_NAMES: Record<string, string> = {
  END: 'End',
  LIBXC_CONTEXT: 'Libxc context',
  EMULATOR_CONTEXT: 'Emulator context',
  X86_PV_INFO: 'x86 PV info',
  X86_CPUID_POLICY: 'x86 CPUID policy',
  X86_MSR_POLICY: 'x86 MSR policy',
  STATIC_DATA_END: 'Static data end',
  X86_PV_P2M_FRAMES: 'x86 PV P2M frames',
  X86_TSC_INFO: 'TSC info',
  SHARED_INFO: 'Shared info',
  X86_PV_VCPU_BASIC: 'x86 PV vcpu basic',
  X86_PV_VCPU_EXTENDED: 'x86 PV vcpu extended',
  X86_PV_VCPU_XSAVE: 'x86 PV vcpu xsave',
  HVM_CONTEXT: 'HVM context',
  HVM_PARAMS: 'HVM params',
};

/** Our records in the same shape: page data squashed, headers left out. */
function ourRecords(r: ScanResult): string[] {
  const out: string[] = [];
  let squashed = 0;
  for (let i = 0; i < r.index.count; i++) {
    const e = r.index.get(i);
    if (e.flags & 1 || (e.layer !== Layer.Libxl && e.layer !== Layer.Libxc)) continue;
    const name = entryName(e.layer, e.type, e.flags);
    if (name === 'PAGE_DATA') {
      squashed++;
      continue;
    }
    if (squashed) out.push(`xc Page data x${squashed}`);
    squashed = 0;
    out.push(`${e.layer === Layer.Libxl ? 'xl' : 'xc'} ${UPSTREAM_NAMES[name] ?? name} ${e.bodyLength}`);
  }
  return out;
}

describe.each(['hvm', 'pv'] as (keyof typeof REAL_IMAGES)[])('real %s image written by Xen 4.17', (name) => {
  let file: string;
  let r: ScanResult;
  beforeAll(async () => {
    file = await realImage(name);
    r = await scanStream(new FileSource(file));
  }, 120_000);

  it('is the image the README describes (sha256 of the uncompressed file)', async () => {
    expect(await sha256File(file)).toBe(SHA[name]);
  });

  it('decodes with no error or warning', () => {
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.facts.complete).toBe(true);
    expect(r.facts.endOffset).toBe(r.size);
  });

  it("lists the records Xen's verifier listed, in order, with the same lengths", () => {
    expect(ourRecords(r)).toEqual(upstreamRecords(readFileSync(realVerifyText(name), 'utf8')));
  });

  it('describes the stream as Xen wrote it', () => {
    expect(describeFacts(r.facts)).toBe(name === 'hvm' ? 'xl → libxl v2 → libxc v3, x86 HVM, Xen 4.17' : 'xl → libxl v2 → libxc v3, x86 PV 64-bit, Xen 4.17');
    expect(r.facts.config?.type).toBe(name);
    expect(r.facts.config?.vcpus).toBe(name === 'hvm' ? 1 : 2);
  });

  it('reads well under 10% of the file to index it', () => {
    expect(r.bytesRead / r.size).toBeLessThan(0.1);
  });

  it('shows the CPUID vendor and brand, names every HVM context entry with no undecoded bytes, and lists the QEMU device sections', async () => {
    const src = new FileSource(file);
    const tree = async (type: string) => {
      for (let i = 0; i < r.index.count; i++) {
        const e = r.index.get(i);
        if (entryName(e.layer, e.type, e.flags) === type) return flattenFields(await decodeEntry(src, e, r.facts));
      }
      throw new Error(`no ${type} record`);
    };
    // Both guests ran under QEMU's TCG CPU model, which reports itself as AMD.
    const cpuid = await tree('X86_CPUID_POLICY');
    expect(cpuid.get('body.identity')?.display).toBe('AuthenticAMD, family 0xf model 0x6b stepping 1, "QEMU TCG CPU version 2.5+"');
    if (name === 'hvm') {
      const ctx = await tree('HVM_CONTEXT');
      const entries = [...ctx.keys()].filter((k) => /^body\.[^.]+$/.test(k)).map((k) => k.slice(5));
      expect(entries).toEqual(['HEADER[0]', 'CPU[0]', 'PIC[0]', 'PIC[1]', 'IOAPIC[0]', 'LAPIC[0]', 'LAPIC_REGS[0]', 'PCI_IRQ[0]', 'ISA_IRQ[0]', 'PCI_LINK[0]', 'PIT[0]', 'RTC[0]', 'HPET[0]', 'PMTIMER[0]', 'MTRR[0]', 'CPU_XSAVE[0]', 'VMCE_VCPU[0]', 'TSC_ADJUST[0]', 'END[0]']);
      expect([...ctx.keys()].filter((k) => k.endsWith('.rest') || k.endsWith('.data'))).toEqual([]);
      expect(ctx.get('body.LAPIC_REGS[0].VERSION')?.display).toBe('version 0x14, max LVT 5 (0x00050014)');
      expect(ctx.get('body.CPU_XSAVE[0].xcr0_accum')?.display).toBe('FP | SSE | PKRU (0x203)');
      // QEMU 7.2's device state has no section footers: sections are found by their headers.
      const emu = await tree('EMULATOR_CONTEXT');
      const idstrs = [...emu.entries()].filter(([k]) => k.endsWith('.idstr')).map(([, f]) => f.raw);
      expect(idstrs).toHaveLength(24);
      expect(idstrs).toEqual(expect.arrayContaining(['timer', 'cpu', 'apic', 'mc146818rtc', '0000:00:01.1/ide', '0000:00:03.0/vga']));
      expect(emu.has('body.emulator state.EOF')).toBe(true);
    } else {
      const xsave = await tree('X86_PV_VCPU_XSAVE');
      expect(xsave.get('body.context.xsave area.xstate_bv')?.display).toBe('FP | SSE | YMM (0x7)');
      expect(xsave.has('body.context.xsave area.YMM.ymmh.ymmh15')).toBe(true);
      const ext = await tree('X86_PV_VCPU_EXTENDED');
      expect(ext.get('body.context.syscall32_callback_eip')?.display).toBe('0xffffffff81027f50');
    }
    src.close();
  });

  it('decodes the field tree of every record without error', async () => {
    const src = new FileSource(file);
    for (let i = 0; i < r.index.count; i++) {
      const fields = await decodeEntry(src, r.index.get(i), r.facts);
      expect(fields.length).toBeGreaterThan(0);
    }
    src.close();
  });
});
