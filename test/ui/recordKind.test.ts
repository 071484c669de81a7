import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { entryName } from '../../src/decoder/names.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildSample } from '../../src/generator/index.ts';
import { recordCategory } from '../../src/ui/timeline/recordKind.ts';

/** Each legacy entry name of a sample with the colour family the timeline draws it in. */
async function legacyCategories(sample: string): Promise<Map<string, string>> {
  const { index } = await scanStream(new MemorySource(buildSample(sample)));
  const out = new Map<string, string>();
  for (let i = 0; i < index.count; i++) {
    const e = index.get(i);
    if (e.layer === Layer.Legacy) out.set(entryName(e.layer, e.type, e.flags), recordCategory(e.layer, e.flags, e.type));
  }
  return out;
}

describe('record colour families of legacy streams', () => {
  it('colours a legacy PV stream as its v2 conversion would be: memory, vCPUs, platform, headers', async () => {
    const c = await legacyCategories('legacy-pv');
    expect(Object.fromEntries(c)).toMatchObject({
      p2m_size: 'header',
      'extended info': 'header',
      'P2M frame list': 'header',
      'page batch': 'memory',
      VCPU_INFO: 'cpu',
      'vCPU context': 'cpu',
      'shared info': 'platform',
      'end of body': 'control',
    });
  });

  it('colours a legacy HVM stream\'s params and TSC as platform, its QEMU record and toolstack data as emulator', async () => {
    const c = await legacyCategories('legacy-hvm');
    expect(Object.fromEntries(c)).toMatchObject({
      'page batch': 'memory',
      'HVM context': 'cpu',
      'magic PFNs': 'platform',
      TSC_INFO: 'platform',
      HVM_IDENT_PT: 'platform',
      HVM_VM86_TSS: 'platform',
      HVM_NR_IOREQ_SERVER_PAGES: 'platform',
      TOOLSTACK: 'emulator',
      'QEMU record': 'emulator',
    });
  });

  it('draws no legacy entry as trailing data, and compressed pages as memory', async () => {
    const all = new Map([...(await legacyCategories('legacy-remus')), ...(await legacyCategories('legacy-xend-broken'))]);
    expect([...all.values()]).not.toContain('trailing');
    expect(all.get('COMPRESSED_DATA')).toBe('memory');
  });
});
