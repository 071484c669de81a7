/**
 * The guest inside a session, as the vCPU and memory analyses need it: a reader over its
 * memory model and its vCPUs, read once per finished scan (decoding the vCPU records is the
 * only costly part).
 */
import { MemoryReader } from '../../decoder/memory/MemoryReader.ts';
import { readVcpus, type VcpuState } from '../../decoder/memory/vcpus.ts';
import type { ScanResult } from '../../decoder/scan/scanStream.ts';
import type { SessionView } from './Analysis.ts';

const vcpusOf = new WeakMap<ScanResult, Promise<VcpuState[]>>();

/** Throws (a failed request, in words) when the scan has built no memory model yet. */
export function memoryReader(s: SessionView): MemoryReader {
  if (!s.memory) throw new Error('the guest memory model is not built yet');
  return new MemoryReader(s.source, s.memory);
}

/** The vCPUs of a finished scan; throws while the scan runs (their records may still come). */
export function sessionVcpus(s: SessionView): Promise<VcpuState[]> {
  const result = s.result;
  if (!result) throw new Error(s.done ? 'the scan was cancelled, so the vCPU state is not known' : 'the scan has not finished');
  let v = vcpusOf.get(result);
  if (!v) {
    v = readVcpus(s.source, result);
    vcpusOf.set(result, v);
  }
  return v;
}
