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
  {
    name: 'legacy-pv',
    title: 'Legacy x86 PV 64-bit (Xen 4.5 xl)',
    description: 'An `xl save` from Xen 4.5, before stream v2: an xl header without STREAMv2 over a legacy stream with extended info, P2M frame list, page batches, VCPU_INFO, and a tail of vCPU contexts and shared info.',
    spec: { guest: 'pv64', pages: 256, batch: 128, vcpus: 2, legacy: { container: 'xl' } },
  },
  {
    name: 'legacy-hvm',
    title: 'Legacy x86 HVM with QEMU record (Xen 4.5 xl)',
    description: 'A Xen 4.5 `xl save` of an HVM guest: HVM param chunks, libxl physmap toolstack data, magic PFNs, HVM context and the DeviceModelRecord0002 QEMU record.',
    spec: { guest: 'hvm', pages: 256, batch: 64, vcpus: 2, legacy: { container: 'xl' } },
  },
  {
    name: 'legacy-remus',
    title: 'Legacy Remus stream, compressed, 32-bit toolstack',
    description: 'Three Remus checkpoints of a 32-bit PV guest from a 32-bit toolstack, as convert-legacy-stream gets them: pages compressed after the first checkpoint, which convert-legacy-stream cannot handle (Convert to v2… decompresses them).',
    spec: { guest: 'pv32', pages: 128, batch: 64, checkpoints: 3, legacy: { container: 'bare', toolstack: 32, compression: true } },
  },
  {
    name: 'legacy-xend-broken',
    title: 'Broken xend (xm save) HVM image',
    description: 'An `xm save` image from xend with problems the 4.5 restorer refuses: an oversized page batch, QEMU state without its "QEVM" magic, an HVM context without its header, an IOREQ server PFN without its page count.',
    spec: { guest: 'hvm', pages: 1100, batch: 1024, legacy: { container: 'xend', faults: ['LEGACY_BATCH_TOO_LARGE', 'LEGACY_QEMU_NO_QEVM', 'H_FIRST_NOT_HEADER', 'LEGACY_IOREQ_SERVER_PAIR'] } },
  },
];
