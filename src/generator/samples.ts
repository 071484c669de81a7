/** Built-in sample streams for the explorer, made by the generator. */
import type { StreamSpec } from './spec.ts';

export interface Sample {
  name: string;
  title: string;
  description: string;
  spec: StreamSpec;
}

export const SAMPLES: Sample[] = [
  {
    name: 'hvm-v3',
    title: 'x86 HVM, xl + libxl + libxc v3',
    description: 'An `xl save` of a 1 MiB HVM guest with 2 vCPUs, as Xen 4.14+ writes it: policies, memory, HVM context and params, QEMU state.',
    spec: { container: 'xl', guest: 'hvm', version: 3, pages: 256, batch: 64, vcpus: 2, xenstore: true },
  },
  {
    name: 'pv64-v2',
    title: 'x86 PV 64-bit, libxc v2',
    description: 'A 64-bit PV guest saved by Xen 4.6-4.13 (stream version 2) in an xl file: PV info, P2M frames, page tables, vCPU contexts.',
    spec: { container: 'xl', guest: 'pv64', version: 2, pages: 256, batch: 128, vcpus: 2 },
  },
  {
    name: 'remus',
    title: 'Checkpointed Remus stream',
    description: 'A Remus (checkpointed) migration stream of an HVM guest: three checkpoints, each handed from libxc to libxl and back, and no END record.',
    spec: { container: 'xl', guest: 'hvm', pages: 128, batch: 64, checkpoints: 3 },
  },
  {
    name: 'broken-pv',
    title: 'Broken PV stream',
    description: 'A 64-bit PV stream with problems verify-stream-v2 misses and restore refuses: a PFN beyond the P2M, vCPU 0 missing, bad page types.',
    spec: { container: 'xl', guest: 'pv64', pages: 256, batch: 128, faults: ['R_PAGE_DATA_PFN_RANGE', 'R_PV_VCPU0_MISSING', 'PAGE_DATA_BAD_TYPE', 'TSC_INFO_RESERVED'] },
  },
  {
    name: 'broken-hvm',
    title: 'Broken HVM stream',
    description: 'An HVM stream with a malformed HVM context, bad xenstore data, non-zero padding and junk after the end.',
    spec: { container: 'xl', guest: 'hvm', pages: 192, batch: 64, xenstore: true, faults: ['H_STRICT_LENGTH', 'R_EMU_XS_KEY_ABSOLUTE', 'REC_PADDING_NONZERO', 'HVM_PARAMS_EMPTY', 'TRAILING_DATA'] },
  },
  {
    name: 'truncated',
    title: 'Truncated save file',
    description: 'An xl save file cut short in the middle of a PAGE_DATA record, as a full disk or an interrupted copy leaves it.',
    spec: { container: 'xl', guest: 'hvm', pages: 256, batch: 64, faults: ['ANY_TRUNCATED'] },
  },
];
