/**
 * Each vCPU for the vCPUs tab: its registers (named as xenctx names them), how its addresses
 * translate, and the code bytes around its instruction pointer and the stack words from its
 * stack pointer, read through its own page tables.
 */
import { describeSpace, pointers, vcpuSnapshot, type VcpuSnapshot } from '../../decoder/memory/vcpuSnapshot.ts';
import type { Analysis } from './Analysis.ts';
import { memoryReader, sessionVcpus } from './sessionGuest.ts';

export interface VcpuReport extends VcpuSnapshot {
  id: number;
  /** Index entry of the record holding its registers. */
  record: number;
  kind: 'pv' | 'hvm';
  width: 4 | 8;
  /** "long paging", "paging off", or why its addresses cannot be translated. */
  paging: string;
  registers: [name: string, value: bigint][];
  /** Guest-physical address of its top-level page table (cr3 as a save image holds it), or null without paging. */
  pageTables: number | null;
  ip: bigint;
  sp: bigint;
}

export const vcpus: Analysis<Record<string, never>, VcpuReport[]> = {
  sessions: 1,
  async run([s]) {
    const reader = memoryReader(s!);
    const all = await sessionVcpus(s!);
    return Promise.all(
      all.map(async (v) => ({ id: v.id, record: v.record, kind: v.kind, width: v.width, paging: describeSpace(v), registers: [...v.registers], pageTables: 'error' in v.space || v.space.mode === 'off' ? null : v.space.root, ...pointers(v), ...(await vcpuSnapshot(reader, v)) })),
    );
  },
};
