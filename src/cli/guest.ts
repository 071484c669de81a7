/** What the guest-memory commands (vcpu, memory, export) share: the scanned file, its memory and vCPUs. */
import type { GuestMemory } from '../decoder/memory/GuestMemory.ts';
import { MemoryReader } from '../decoder/memory/MemoryReader.ts';
import { readVcpus, type VcpuState } from '../decoder/memory/vcpus.ts';
import type { ScanResult } from '../decoder/scan/scanStream.ts';
import { FileSource } from '../node/FileSource.ts';
import { UsageError, type CliIo } from './io.ts';
import { scanFile, type VerifyOptions } from './verify.ts';

export interface Guest {
  source: FileSource;
  scan: ScanResult;
  memory: GuestMemory;
  reader: MemoryReader;
  vcpus: VcpuState[];
}

/** Scans `file` building its memory model; the caller closes `source`. */
export async function openGuest(file: string, io: CliIo, opts: Pick<VerifyOptions, 'format' | 'legacy'>): Promise<Guest> {
  const scan = await scanFile(file, io, { ...opts, memory: true });
  const source = new FileSource(file);
  const memory = scan.memory!;
  return { source, scan, memory, reader: new MemoryReader(source, memory), vcpus: await readVcpus(source, scan) };
}

/** vCPU `id`, or a usage error naming the ones there are. */
export function pickVcpu(g: Guest, id: number): VcpuState {
  const v = g.vcpus.find((x) => x.id === id);
  if (!v) throw new UsageError(`no vCPU ${id} in this image (${g.vcpus.length ? `vCPUs: ${g.vcpus.map((x) => x.id).join(', ')}` : 'it holds no vCPU state'})`);
  return v;
}
