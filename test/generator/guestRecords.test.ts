import { describe, expect, it } from 'vitest';
import { libxcRecordKind, type LibxcKind } from '../../src/decoder/libxc/kinds.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { EntryFlag } from '../../src/decoder/model/RecordIndex.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { streamSource, type GuestKind, type StreamSpec } from '../../src/generator/index.ts';

/**
 * The generator picks which records a valid stream of each guest type carries from the record
 * descriptors' `guests`: its streams are what Xen's saver writes, in its order, and restore
 * finds no record it has no handler for.
 */

/** The descriptors of the libxc records in the generated stream, in order; the scan finds no error. */
async function libxcKinds(spec: StreamSpec): Promise<LibxcKind[]> {
  const r = await scanStream(streamSource(spec));
  expect(r.counts.error, JSON.stringify(r.diagnostics)).toBe(0);
  const kinds: LibxcKind[] = [];
  for (let i = 0; i < r.index.count; i++) {
    const e = r.index.get(i);
    if (e.layer === Layer.Libxc && !(e.flags & EntryFlag.Header)) kinds.push(libxcRecordKind(e.type));
  }
  return kinds;
}

const libxcRecords = async (spec: StreamSpec) => (await libxcKinds(spec)).map((k) => k.name);

describe('the generator carries the records each guest type restores from', () => {
  it('a PV stream with two vCPUs: static data, the P2M frames, pages, then shared info and each vCPU in turn (libxc-stream.md §8.1)', async () => {
    // A generated 64-bit PV v3 stream of one page batch and two vCPUs.
    expect(await libxcRecords({ container: 'libxc', guest: 'pv64', version: 3, vcpus: 2, pages: 64 })).toEqual([
      'X86_PV_INFO', 'X86_CPUID_POLICY', 'X86_MSR_POLICY', 'STATIC_DATA_END', 'X86_PV_P2M_FRAMES', 'PAGE_DATA',
      'X86_TSC_INFO', 'SHARED_INFO',
      'X86_PV_VCPU_BASIC', 'X86_PV_VCPU_EXTENDED', 'X86_PV_VCPU_XSAVE',
      'X86_PV_VCPU_BASIC', 'X86_PV_VCPU_EXTENDED', 'X86_PV_VCPU_XSAVE',
      'END',
    ]);
  });

  it('an HVM v2 stream: no static data records, the HVM context and params after the pages', async () => {
    expect(await libxcRecords({ container: 'libxc', guest: 'hvm', version: 2, vcpus: 2, pages: 64 })).toEqual(['PAGE_DATA', 'X86_TSC_INFO', 'HVM_CONTEXT', 'HVM_PARAMS', 'END']);
  });

  for (const guest of ['pv64', 'pv32', 'hvm'] as GuestKind[]) {
    it(`a ${guest} stream carries no record its descriptor keeps for the other guest type, in every checkpoint`, async () => {
      // A checkpointed stream: the end-of-checkpoint records come once per checkpoint.
      const kinds = await libxcKinds({ container: 'libxc', guest, checkpoints: 2, pages: 64 });
      const other = guest === 'hvm' ? 'pv' : 'hvm';
      expect(kinds.filter((k) => k.guests === other).map((k) => k.name)).toEqual([]);
      expect(kinds.filter((k) => k.name === 'X86_TSC_INFO')).toHaveLength(2);
    });
  }
});
