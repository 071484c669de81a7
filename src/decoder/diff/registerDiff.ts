/** Each vCPU's registers in two streams (as readVcpus names them), register by register. */
import type { VcpuState } from '../memory/vcpus.ts';

export interface VcpuChange {
  vcpu: number;
  /** Register name → [A's value, B's value] as "0x…", null where that side has no such register (or no such vCPU). */
  changed: Record<string, [string | null, string | null]>;
  /** The vCPU is saved in one stream only. */
  only?: 'A' | 'B';
}

const hex = (v: bigint | undefined): string | null => (v === undefined ? null : `0x${v.toString(16)}`);

/** The vCPUs whose registers differ, by id; a vCPU on one side only has all its registers changed. */
export function diffRegisters(a: readonly VcpuState[], b: readonly VcpuState[]): VcpuChange[] {
  const ids = [...new Set([...a, ...b].map((v) => v.id))].sort((x, y) => x - y);
  const out: VcpuChange[] = [];
  for (const id of ids) {
    const va = a.find((v) => v.id === id);
    const vb = b.find((v) => v.id === id);
    const ra = va?.registers ?? new Map<string, bigint>();
    const rb = vb?.registers ?? new Map<string, bigint>();
    const changed: VcpuChange['changed'] = {};
    for (const name of new Set([...ra.keys(), ...rb.keys()])) {
      if (ra.get(name) !== rb.get(name)) changed[name] = [hex(ra.get(name)), hex(rb.get(name))];
    }
    if (Object.keys(changed).length) out.push({ vcpu: id, changed, ...(va ? (vb ? {} : { only: 'A' as const }) : { only: 'B' as const }) });
  }
  return out;
}
