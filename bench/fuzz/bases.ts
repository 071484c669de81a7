/**
 * The intact inputs the fuzzer mutates: small generated streams of every kind (v2 and legacy,
 * PV and HVM, each container, checkpointed), and slices of real images when given.
 */
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream, type StreamSpec } from '../../src/generator/index.ts';
import type { FuzzBase } from './mutations.ts';

export const GENERATED_BASES: Record<string, StreamSpec> = {
  'xl hvm v3 xenstore': { pages: 3, batch: 2, xenstore: true },
  'xl pv64 v3 two vcpus': { guest: 'pv64', pages: 3, batch: 2, vcpus: 2, config: 'xl' },
  'libxc pv32 v2': { guest: 'pv32', version: 2, pages: 2, container: 'libxc' },
  'libxl hvm v3': { container: 'libxl', pages: 2 },
  'xl hvm colo checkpoints': { pages: 2, checkpoints: 2, colo: true },
  // Legacy (pre-4.6) streams: no framing to resynchronise on, so every length and count matters.
  'legacy xl pv64': { guest: 'pv64', pages: 3, batch: 2, vcpus: 2, legacy: {} },
  'legacy bare hvm 32-bit tmem': { guest: 'hvm', pages: 2, legacy: { container: 'bare', toolstack: 32, tmem: true } },
  'legacy xend pv32 remus': { guest: 'pv32', pages: 3, batch: 2, checkpoints: 2, legacy: { container: 'xend', compression: true } },
  'legacy libvirt hvm': { guest: 'hvm', pages: 2, legacy: { container: 'libvirt' } },
};

/** A base with its entries, found by scanning it. */
export async function fuzzBase(name: string, bytes: Uint8Array): Promise<FuzzBase> {
  const r = await scanStream(new MemorySource(bytes));
  return { name, bytes, entries: Array.from({ length: r.index.count }, (_, i) => ({ offset: r.index.offset(i), length: r.index.length(i) })) };
}

export function generatedBases(): Promise<FuzzBase[]> {
  return Promise.all(Object.entries(GENERATED_BASES).map(([name, spec]) => fuzzBase(name, buildStream({ ...spec, pageContent: 'zero' }))));
}
