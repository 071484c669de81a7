import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import type { Field } from '../../src/decoder/model/Field.ts';
import { entryName } from '../../src/decoder/names.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { streamSource, type StreamSpec } from '../../src/generator/index.ts';
import { flattenFields } from '../support/scans.ts';

/**
 * The field tree of every record kind: the values a user reads in the explorer, at the byte
 * ranges the hex view highlights. Streams come from the generator; expected values are what
 * the generator wrote (see src/generator/bodies.ts).
 */

interface Decoded {
  r: ScanResult;
  src: ByteSource;
}

async function scan(spec: StreamSpec): Promise<Decoded> {
  const src = streamSource(spec);
  return { r: await scanStream(src), src };
}

function names(r: ScanResult): string[] {
  return Array.from({ length: r.index.count }, (_, i) => {
    const e = r.index.get(i);
    return entryName(e.layer, e.type, e.flags);
  });
}

/** The record's fields, flattened to "path" → field. */
async function fields(d: Decoded, name: string, nth = 0): Promise<Map<string, Field>> {
  const i = names(d.r).map((n, i) => (n === name ? i : -1)).filter((i) => i >= 0)[nth];
  if (i === undefined) throw new Error(`no ${name} #${nth}`);
  return flattenFields(await decodeEntry(d.src, d.r.index.get(i), d.r.facts));
}

const display = (m: Map<string, Field>, path: string) => m.get(path)?.display;
const raw = (m: Map<string, Field>, path: string) => m.get(path)?.raw;

describe('record order of each stream kind', () => {
  it('PV 64-bit v2 in xl', async () => {
    const { r } = await scan({ guest: 'pv64', version: 2, pages: 4, batch: 2, vcpus: 2 });
    expect(names(r)).toEqual([
      'xl header', 'libxl header', 'LIBXC_CONTEXT', 'image header', 'domain header', 'X86_PV_INFO', 'X86_PV_P2M_FRAMES',
      'PAGE_DATA', 'PAGE_DATA', 'X86_TSC_INFO', 'SHARED_INFO',
      'X86_PV_VCPU_BASIC', 'X86_PV_VCPU_EXTENDED', 'X86_PV_VCPU_XSAVE', 'X86_PV_VCPU_BASIC', 'X86_PV_VCPU_EXTENDED', 'X86_PV_VCPU_XSAVE',
      'END', 'END',
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('HVM v3 bare libxc', async () => {
    const { r } = await scan({ container: 'libxc', pages: 3, batch: 4 });
    expect(names(r)).toEqual(['image header', 'domain header', 'X86_CPUID_POLICY', 'X86_MSR_POLICY', 'STATIC_DATA_END', 'PAGE_DATA', 'X86_TSC_INFO', 'HVM_CONTEXT', 'HVM_PARAMS', 'END']);
  });

  it('COLO checkpoints: libxc hands over to libxl at each CHECKPOINT and resumes after CHECKPOINT_STATE', async () => {
    const { r } = await scan({ pages: 2, checkpoints: 2, colo: true });
    const n = names(r);
    expect(n.slice(n.indexOf('STATIC_DATA_END') + 1)).toEqual([
      'PAGE_DATA', 'X86_TSC_INFO', 'HVM_CONTEXT', 'HVM_PARAMS', 'CHECKPOINT', 'EMULATOR_CONTEXT', 'CHECKPOINT_END', 'CHECKPOINT_STATE',
      'PAGE_DATA', 'X86_TSC_INFO', 'HVM_CONTEXT', 'HVM_PARAMS', 'CHECKPOINT', 'EMULATOR_CONTEXT', 'CHECKPOINT_END', 'CHECKPOINT_STATE',
    ]);
    expect(r.facts.checkpoints).toBe(2);
    expect(r.facts.complete).toBe(true);
    // Records carry the checkpoint they belong to: group 1 starts after the first CHECKPOINT_END.
    const firstEnd = n.indexOf('CHECKPOINT_END');
    expect(r.index.get(firstEnd).group).toBe(0);
    expect(r.index.get(firstEnd + 2).group).toBe(1);
    expect(r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.id)).toEqual(['R_CHECKPOINT_IN_PLAIN']);
  });
});

describe('field trees', () => {
  it('xl header and config', async () => {
    const d = await scan({ guest: 'pv64', vcpus: 3, pages: 16 });
    const f = await fields(d, 'xl header');
    expect(raw(f, 'magic')).toBe('Xen saved domain, xl format\n \0 \r');
    expect(display(f, 'mandatory_flags')).toBe('JSON | STREAMv2 (0x3)');
    expect(display(f, 'optional data.config')).toBe(`libxl JSON, ${raw(f, 'optional data.config_len')} bytes: name generated-pv64, type pv, 3 vCPU(s), 64.0 KiB`);
    expect(f.get('byteorder')).toMatchObject({ offset: 32, length: 4, raw: 0x01020304 });
  });

  it('libxl, image and domain headers', async () => {
    const d = await scan({ version: 2 });
    expect(raw(await fields(d, 'libxl header'), 'ident')).toBe('LibxlFmt');
    const ih = await fields(d, 'image header');
    expect(display(ih, 'marker')).toBe('all ones (0xffffffffffffffff)');
    expect(raw(ih, 'version')).toBe(2);
    const dh = await fields(d, 'domain header');
    expect(display(dh, 'type')).toBe('x86 HVM (2)');
    expect(display(dh, 'page_shift')).toBe('12 (4096-byte pages)');
    expect([raw(dh, 'xen_major'), raw(dh, 'xen_minor')]).toEqual([4, 13]);
  });

  it('PAGE_DATA lists PFN entries and the pages after them by offset', async () => {
    const d = await scan({ guest: 'pv64', pages: 6, batch: 6 });
    const f = await fields(d, 'PAGE_DATA');
    const e = d.r.index.get(names(d.r).indexOf('PAGE_DATA'));
    expect(raw(f, 'body.count')).toBe(6);
    expect(display(f, 'body.pfn.pfn[1]')).toBe('0x1 L4TAB|LPINTAB');
    expect(display(f, 'body.pfn.pfn[2].type')).toBe('L3TAB (3)');
    const page3 = f.get('body.pages.page 0x3')!;
    expect(page3).toMatchObject({ offset: e.offset + 8 + 8 + 8 * 6 + 3 * 4096, length: 4096 });
    expect(e.length).toBe(8 + 8 + 8 * 6 + 6 * 4096);
  });

  it('X86_PV_INFO, P2M frames and vCPU contexts of a 32-bit PV guest', async () => {
    const d = await scan({ guest: 'pv32', pages: 2048 });
    const info = await fields(d, 'X86_PV_INFO');
    expect(display(info, 'body.guest_width')).toBe('4 bytes (32-bit)');
    expect(raw(info, 'body.pt_levels')).toBe(3);
    const p2m = await fields(d, 'X86_PV_P2M_FRAMES');
    expect([raw(p2m, 'body.p2m_start_pfn'), raw(p2m, 'body.p2m_end_pfn')]).toEqual([0, 2047]);
    expect(display(p2m, 'body.p2m_pfn')).toBe('2 frame(s)');
    expect(display(p2m, 'body.p2m_pfn.p2m_pfn[1]')).toBe('0x7fe');
    const basic = await fields(d, 'X86_PV_VCPU_BASIC');
    expect(raw(basic, 'body.vcpu_id')).toBe(0);
    expect(basic.get('body.context')!.length).toBe(2800);
    const xsave = await fields(d, 'X86_PV_VCPU_XSAVE');
    expect(display(xsave, 'body.context.xcr0')).toBe('FP | SSE | YMM (0x7)');
  });

  it('TSC info, HVM context and HVM params', async () => {
    const d = await scan({ vcpus: 2, pages: 64 });
    const tsc = await fields(d, 'X86_TSC_INFO');
    expect(display(tsc, 'body.mode')).toBe('NEVER_EMULATE (2)');
    expect(display(tsc, 'body.khz')).toBe('2096016 kHz');
    const ctx = await fields(d, 'HVM_CONTEXT');
    expect(display(ctx, 'body.HEADER[0].magic')).toBe('0x54381286');
    expect(display(ctx, 'body.CPU[1].rip')).toBe('0xfff0');
    expect(display(ctx, 'body.PIC[1].irq_base')).toBe('112 (0x70)');
    expect(ctx.has('body.END[0]')).toBe(true);
    const params = await fields(d, 'HVM_PARAMS');
    expect(display(params, 'body.param[0]')).toBe('STORE_PFN = 0x3e');
    expect(display(params, 'body.param[3].index')).toBe('IDENT_PT (12)');
    // PFN-valued params link to the page; IDENT_PT holds an address, so its page is address >> 12.
    expect(params.get('body.param[0].value')?.pfn).toBe(0x3e);
    expect(params.get('body.param[3].value')?.pfn).toBe(0xfeffc);
  });

  it('CPUID and MSR policies', async () => {
    const d = await scan({});
    const cpuid = await fields(d, 'X86_CPUID_POLICY');
    expect(display(cpuid, 'body.leaf[2]')).toBe('leaf 0x7.0x0');
    expect(display(cpuid, 'body.leaf[0].subleaf')).toBe('none (0xffffffff)');
    expect(display(cpuid, 'body.identity')).toBe('GenuineIntel, family 0x6 model 0x3c stepping 3');
    const msr = await fields(d, 'X86_MSR_POLICY');
    expect(display(msr, 'body.msr[1]')).toBe('MSR_ARCH_CAPABILITIES = 0x0');
    expect(display(msr, 'body.msr[1].idx')).toBe('MSR_ARCH_CAPABILITIES (0x10a)');
  });

  it('emulator records and checkpoint state', async () => {
    const d = await scan({ xenstore: true, checkpoints: 1, colo: true });
    const xs = await fields(d, 'EMULATOR_XENSTORE_DATA');
    expect(display(xs, 'body.emulator_id')).toBe('QEMU upstream (2)');
    expect(display(xs, 'body.pair[2]')).toBe('physmap/f0000000/name = vga.vram');
    expect(raw(xs, 'body.pair[0].key')).toBe('physmap/f0000000/start_addr');
    const ctx = await fields(d, 'EMULATOR_CONTEXT');
    expect(raw(ctx, 'body.emulator state.magic')).toBe('QEVM');
    expect(raw(ctx, 'body.emulator state.version (big-endian)')).toBe(3);
    expect(display(ctx, 'padding')).toBe('3 zero bytes');
    const st = await fields(d, 'CHECKPOINT_STATE');
    expect(display(st, 'body.control_id')).toBe('NEW (0)');
  });

  it('every field lies inside its record, and every child inside its parent', async () => {
    for (const spec of [{ xenstore: true, vcpus: 2 }, { guest: 'pv64' as const, vcpus: 2 }, { checkpoints: 2, colo: true }]) {
      const d = await scan({ ...spec, pages: 8, batch: 4 });
      for (let i = 0; i < d.r.index.count; i++) {
        const e = d.r.index.get(i);
        const inside = (fs: Field[], lo: number, hi: number) => {
          for (const f of fs) {
            expect(f.offset, `${entryName(e.layer, e.type, e.flags)} ${f.name}`).toBeGreaterThanOrEqual(lo);
            expect(f.offset + f.length, `${entryName(e.layer, e.type, e.flags)} ${f.name}`).toBeLessThanOrEqual(hi);
            if (f.children) inside(f.children, f.offset, f.offset + f.length);
          }
        };
        inside(await decodeEntry(d.src, e, d.r.facts), e.offset, e.offset + e.length);
      }
    }
  });
});
