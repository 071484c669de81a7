import type { StreamFacts } from '../core/facts.ts';

const GUEST = { 1: 'x86 PV', 2: 'x86 HVM' } as Record<number, string>;

/** One line for people: "xl → libxl v2 → libxc v3, x86 HVM, Xen 4.17". */
export function describeFacts(f: StreamFacts): string {
  const parts = [f.containers.join(' → ') || 'unknown format'];
  const x = f.libxc;
  if (x) {
    let guest = GUEST[x.guestType] ?? `domain type ${x.guestType}`;
    if (x.guestType === 1 && x.guestWidth) guest += ` ${x.guestWidth * 8}-bit`;
    // The domain header says HVM for PVH guests too; the domain config tells them apart, and
    // without one the records do: libxl saves a device model's state for HVM guests only.
    if (x.guestType === 2 && f.config?.type === 'pvh') guest = 'x86 PVH';
    else if (x.guestType === 2 && !f.config?.type && f.complete && f.libxl && f.libxl.emulatorRecords === 0) guest = 'x86 PVH (no device model state)';
    parts.push(guest);
    parts.push(x.xenMajor === 0 ? 'converted from legacy' : `Xen ${x.xenMajor}.${x.xenMinor}`);
  }
  const l = f.legacy;
  if (l) {
    // A legacy stream does not say these: say where they come from.
    const from = { option: 'as given', config: 'per the domain config', stream: 'guessed from the first bytes' };
    parts.push(`x86 ${l.guest.toUpperCase()}${l.guest === 'pv' && l.guestWidth ? ` ${l.guestWidth * 8}-bit` : ''} (${from[l.guestFrom]})`);
    parts.push(`Xen ≤ 4.5 stream from a ${l.width * 8}-bit toolstack${l.widthFrom === 'option' ? ' (as given)' : ''}`);
  }
  if (f.checkpoints > 0) parts.push(`${f.checkpoints} checkpoint${f.checkpoints === 1 ? '' : 's'}`);
  return parts.join(', ');
}
