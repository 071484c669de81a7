import type { LegacySpec } from '../../src/generator/index.ts';

/**
 * Legacy streams Xen's convert-legacy-stream converts: both differential tests against it (the
 * decoder's reading and our converter's output) run over these.
 */
export const CONVERTIBLE_LEGACY: Record<string, LegacySpec> = {
  'PV 64-bit guest, 64-bit toolstack, 2 vCPUs': { guest: 'pv64', pages: 700, batch: 256, vcpus: 2, legacy: {} },
  'PV 32-bit guest, 32-bit toolstack': { guest: 'pv32', pages: 300, batch: 100, legacy: { toolstack: 32 } },
  'PV 32-bit guest, 64-bit toolstack': { guest: 'pv32', pages: 300, legacy: { toolstack: 64 } },
  'PV 64-bit guest, 32-bit toolstack, 3 vCPUs': { guest: 'pv64', pages: 600, batch: 512, vcpus: 3, legacy: { toolstack: 32 } },
  'PV without XSAVE records': { guest: 'pv64', pages: 64, legacy: { xsave: false } },
  'HVM, 64-bit toolstack (physmap with the padding quirk), QEMU record': { guest: 'hvm', pages: 256, batch: 64, vcpus: 2, legacy: {} },
  'HVM, 32-bit toolstack (physmap without the padding quirk)': { guest: 'hvm', pages: 200, legacy: { toolstack: 32 } },
};
