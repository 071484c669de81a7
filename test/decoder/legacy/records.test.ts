import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import type { Field } from '../../../src/decoder/model/Field.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { entryName, entrySummary } from '../../../src/decoder/names.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { patternPage } from '../../../src/generator/bodies.ts';
import { streamSource, type LegacySpec } from '../../../src/generator/index.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * The field tree of every legacy entry kind: the values a user reads in the explorer, at the byte
 * ranges the hex view highlights. Streams come from the generator; expected values are what it
 * wrote (src/generator/legacy/build.ts, bodies.ts).
 */

interface Decoded {
  r: ScanResult;
  src: ByteSource;
}

async function scan(spec: LegacySpec): Promise<Decoded> {
  const src = streamSource(spec);
  const r = await scanStream(src);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { r, src };
}

const indexOf = (d: Decoded, name: string, nth = 0): number => {
  const found = Array.from({ length: d.r.index.count }, (_, i) => i).filter((i) => {
    const e = d.r.index.get(i);
    return e.layer === Layer.Legacy && entryName(e.layer, e.type, e.flags) === name;
  })[nth];
  if (found === undefined) throw new Error(`no ${name} #${nth}`);
  return found;
};

/** The entry's fields, flattened to "path" → field. */
async function fields(d: Decoded, name: string, nth = 0): Promise<Map<string, Field>> {
  return flattenFields(await decodeEntry(d.src, d.r.index.get(indexOf(d, name, nth)), d.r.facts));
}

const get = (m: Map<string, Field>, path: string): Field => {
  const f = m.get(path);
  if (!f) throw new Error(`no field ${path} in ${[...m.keys()].join(', ')}`);
  return f;
};

const PV: LegacySpec = { guest: 'pv64', pages: 64, batch: 16, vcpus: 2, legacy: {} };
const HVM: LegacySpec = { guest: 'hvm', pages: 256, batch: 64, vcpus: 2, legacy: {} };

describe('PV header', async () => {
  const d = await scan(PV);

  it('p2m_size', async () => {
    const f = get(await fields(d, 'p2m_size'), 'p2m_size');
    expect(f).toMatchObject({ raw: 64n, length: 8, display: '64 (0x40) PFNs (max PFN 0x3f, 256.0 KiB of guest memory)' });
  });

  it('extended info: the vcpu block gives the guest width, extv and xcnt the tail layout', async () => {
    const m = await fields(d, 'extended info');
    expect(get(m, 'block "vcpu".data_size').raw).toBe(5168);
    expect(get(m, 'block "vcpu".vcpu_guest_context (vCPU 0)').display).toMatch(/64-bit PV guest, 4-level paging/);
    expect(get(m, 'block "extv"').display).toMatch(/extended vCPU contexts follow/);
    expect(get(m, 'block "xcnt".xsave record size').raw).toBe(608);
    expect(d.r.facts.legacy).toMatchObject({ guestWidth: 8, extendedContexts: true, xsaveSize: 608 });
  });

  it('P2M frame list: one frame of the toolstack width per 512 PFNs of a 64-bit guest', async () => {
    const m = await fields(d, 'P2M frame list');
    expect(get(m, 'p2m_frame[0]')).toMatchObject({ raw: 63n, length: 8 });
  });
});

describe('body chunks', async () => {
  const d = await scan(PV);

  it('page batch: PFN entries with their types, and each page at the offset it is in the file', async () => {
    const m = await fields(d, 'page batch');
    expect(get(m, 'chunk id').display).toBe('16 (page batch of 16 PFN entries)');
    expect(get(m, 'pfn.pfn[1].pfn').raw).toBe(1);
    expect(get(m, 'pfn.pfn[1].type').display).toBe('L4TAB|LPINTAB (12 (0xc))');
    const page = get(m, 'pages.page 0x1');
    expect(page.display).toBe('L4TAB|LPINTAB page, pfn[1]');
    expect(await d.src.read(page.offset, page.length)).toEqual(patternPage(1));
  });

  it('the last batch of a PV save carries two unmappable-page fillers, which carry no data', async () => {
    const m = await fields(d, 'page batch', 3);
    expect(get(m, 'pfn.pfn[16]').display).toBe('filler: a page the saver could not map (ignored)');
    expect(entrySummary(d.r.index.get(indexOf(d, 'page batch', 3)))).toBe('18 PFNs 0x30–0x3f, 16 pages');
  });

  it('VCPU_INFO: max_vcpu_id and the online map', async () => {
    const m = await fields(d, 'VCPU_INFO');
    expect(get(m, 'chunk id').display).toBe('-2 (VCPU_INFO)');
    expect(get(m, 'max_vcpu_id').raw).toBe(1);
    expect(get(m, 'vcpumap[0]').raw).toBe(3n);
  });

  it('TSC_INFO: mode, nsec, khz, incarnation in the legacy order', async () => {
    const m = await fields(d, 'TSC_INFO');
    expect(get(m, 'mode').display).toBe('DEFAULT (0)');
    expect(get(m, 'nsec').raw).toBe(71_901_702_317n);
    expect(get(m, 'khz').raw).toBe(2_096_016);
    expect(get(m, 'incarnation').raw).toBe(1);
  });

  it('TOOLSTACK of a PV save: an empty physmap', async () => {
    const m = await fields(d, 'TOOLSTACK');
    expect(get(m, 'toolstack data.version').raw).toBe(1);
    expect(get(m, 'toolstack data.count').raw).toBe(0);
  });

  it('LAST_CHECKPOINT and the end of the body', async () => {
    expect(get(await fields(d, 'LAST_CHECKPOINT'), 'chunk id').display).toBe('-9 (LAST_CHECKPOINT)');
    expect(get(await fields(d, 'end of body'), 'chunk id').display).toBe('0 (end of body)');
  });
});

describe('PV tail', async () => {
  const d = await scan(PV);

  it('unmapped PFNs', async () => {
    expect(get(await fields(d, 'unmapped PFNs'), 'nr_unmapped').raw).toBe(0);
  });

  it('each online vCPU: basic, extended and XSAVE contexts, in vCPU order', async () => {
    for (const [name, length] of [['vCPU context', 5168], ['vCPU extended context', 128], ['vCPU XSAVE', 608]] as const) {
      expect([0, 1].map((n) => d.r.index.get(indexOf(d, name, n))).map((e) => [e.aux[0], e.length])).toEqual([
        [0, length],
        [1, length],
      ]);
    }
    const x = await fields(d, 'vCPU XSAVE', 1);
    expect(get(x, 'xfeature_mask').raw).toBe(7n);
    expect(get(x, 'size').raw).toBe(592n);
    expect(get(x, 'xsave state.xcr0').raw).toBe(7n);
    expect(get(x, 'xsave state.xsave area.fcw')).toBeDefined();
  });

  it('shared info', async () => {
    expect(get(await fields(d, 'shared info'), 'shared_info page').length).toBe(4096);
    expect(d.r.facts.complete).toBe(true);
  });
});

describe('HVM', async () => {
  const d = await scan(HVM);

  it('HVM param chunks are named by the param they set', async () => {
    const m = await fields(d, 'HVM_IDENT_PT');
    expect(get(m, 'padding').display).toBe('0x0 (ignored)');
    expect(get(m, 'value')).toMatchObject({ raw: 0xfeffc000n, display: '4278173696 (0xfeffc000) → HVM param IDENT_PT (12)' });
  });

  it('the VGA hole is sent as XTAB entries without pages', async () => {
    expect(entrySummary(d.r.index.get(indexOf(d, 'page batch', 2)))).toBe('64 PFNs 0x80–0xbf, 32 pages');
  });

  it('TOOLSTACK: the physmap entry, with the 64-bit struct-padding quirk after the name', async () => {
    const m = await fields(d, 'TOOLSTACK');
    const name = get(m, 'toolstack data.physmap[0].name');
    expect(name.raw).toBe('vga.vram');
    expect(get(m, 'toolstack data.physmap[0].start_addr').raw).toBe(0xf0000000n);
    expect(get(m, 'toolstack data.physmap[0].struct padding (64-bit toolstack quirk)').offset).toBe(name.offset + name.length);
  });

  it('a 32-bit toolstack writes the physmap without the padding', async () => {
    const m = await fields(await scan({ ...HVM, legacy: { toolstack: 32 } }), 'TOOLSTACK');
    expect(get(m, 'toolstack data.physmap[0].name').raw).toBe('vga.vram');
    expect([...m.keys()].some((k) => k.includes('padding'))).toBe(false);
  });

  it('magic PFNs, named by the HVM params they become', async () => {
    const m = await fields(d, 'magic PFNs');
    expect([get(m, 'ioreq_pfn').raw, get(m, 'bufioreq_pfn').raw, get(m, 'store_pfn').raw]).toEqual([253n, 252n, 254n]);
    expect([get(m, 'ioreq_pfn').pfn, get(m, 'bufioreq_pfn').pfn, get(m, 'store_pfn').pfn]).toEqual([253, 252, 254]);
  });

  it('HVM context, decoded like the v2 HVM_CONTEXT', async () => {
    const m = await fields(d, 'HVM context');
    expect(get(m, 'hvm context.HEADER[0].magic').display).toBe('0x54381286');
    expect(get(m, 'hvm context.CPU[1]').display).toMatch(/^CPU, instance 1/);
  });

  it('QEMU record of an xl save: DeviceModelRecord0002, length, QEMU state', async () => {
    const m = await fields(d, 'QEMU record');
    expect(get(m, 'signature').raw).toBe('DeviceModelRecord0002');
    expect(get(m, 'length').raw).toBe(1021);
    expect(get(m, 'emulator state.magic').raw).toBe('QEVM');
    expect(d.r.facts.legacy?.qemu).toBe('DeviceModelRecord0002');
  });

  it('QEMU record of an xm save runs to the end of the file', async () => {
    const x = await scan({ ...HVM, legacy: { container: 'xend' } });
    const e = x.r.index.get(indexOf(x, 'QEMU record'));
    expect(e.offset + e.length).toBe(x.src.size);
    const m = await fields(x, 'QEMU record');
    expect(get(m, 'signature').raw).toBe('QemuDeviceModelRecord');
    expect(get(m, 'emulator state').length).toBe(e.length - 21);
    expect(x.r.facts.complete).toBe(true);
  });
});

describe('Remus checkpoints, compression and TMEM', async () => {
  const d = await scan({ guest: 'pv64', pages: 64, batch: 32, checkpoints: 3, legacy: { compression: true, tmem: true } });

  it('each checkpoint (BODY + TAIL) is a group', () => {
    const groups = (name: string) => Array.from({ length: d.r.index.count }, (_, i) => d.r.index.get(i)).filter((e) => entryName(e.layer, e.type, e.flags) === name).map((e) => e.group);
    expect(groups('end of body')).toEqual([0, 1, 2]);
    expect(groups('shared info')).toEqual([0, 1, 2]);
    expect(d.r.facts.checkpoints).toBe(3);
    expect(d.r.facts.complete).toBe(true);
  });

  it('after ENABLE_COMPRESSION, batches carry only PFNs and COMPRESSED_DATA the pages', async () => {
    const b = d.r.index.get(indexOf(d, 'page batch', 2));
    expect(b.group).toBe(1);
    expect(b.length).toBe(4 + 8 * 8);
    expect(b.note).toBe('8 PFNs, 8 compressed page(s) later in the body');
    const m = await fields(d, 'COMPRESSED_DATA');
    expect(get(m, 'chunk id').display).toBe('-12 (COMPRESSED_DATA)');
    expect(get(m, 'compressed pages').length).toBe(Number(get(m, 'length').raw));
  });

  it('TMEM: pools, and each page of a persistent pool at its offset', async () => {
    const m = await fields(d, 'TMEM');
    expect(get(m, 'chunk id').display).toBe('-5 (TMEM)');
    expect(get(m, 'pool 0').display).toBe('2 page(s)');
    const page = get(m, 'pool 0.page 1 data');
    expect(await d.src.read(page.offset, page.length)).toEqual(patternPage(0x70001));
    expect(get(m, 'pool 1').display).toBe('0 page(s)');
    expect(get(m, 'end of pools').raw).toBe(0xffffffff);
    expect(get(await fields(d, 'TMEM_EXTRA'), 'flush 0 index').raw).toBe(1);
  });
});
