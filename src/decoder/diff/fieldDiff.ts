/**
 * Two decoded field trees compared field by field, by key path (`body.user_regs.rip`; a key
 * repeated among siblings told apart as `padding@1`, as links do): what changed in a record
 * that holds vCPU or device state (HVM context entries, HVM params, TSC info, xenstore keys,
 * QEMU sections), in the tree's own names.
 */
import type { Field } from '../model/Field.ts';

export interface FieldChange {
  /** Key path of the field. */
  path: string;
  /** The value for people on each side; null where that side has no such field. */
  a: string | null;
  b: string | null;
}

/** Fields listed per record at most: a changed 1 MiB QEMU blob must not list every byte. */
export const FIELD_CHANGES_LISTED = 200;

/** The leaves of a tree by key path, with the value they compare by and the one shown. */
function leaves(fields: readonly Field[], prefix: string, out: Map<string, { raw: string; display: string }>): Map<string, { raw: string; display: string }> {
  const seen = new Map<string, number>();
  for (const f of fields) {
    const n = seen.get(f.key) ?? 0;
    seen.set(f.key, n + 1);
    const path = `${prefix}${n ? `${f.key}@${n}` : f.key}`;
    if (f.children?.length) leaves(f.children, `${path}.`, out);
    // A field's offset is where it lies in its file, not what it says: compared by value only.
    else out.set(path, { raw: f.raw === null ? f.display : String(f.raw), display: f.display });
  }
  return out;
}

export function diffFields(a: readonly Field[], b: readonly Field[], limit = FIELD_CHANGES_LISTED): { changes: FieldChange[]; total: number } {
  const la = leaves(a, '', new Map());
  const lb = leaves(b, '', new Map());
  const changes: FieldChange[] = [];
  let total = 0;
  const note = (c: FieldChange) => {
    total++;
    if (changes.length < limit) changes.push(c);
  };
  for (const [path, va] of la) {
    const vb = lb.get(path);
    if (!vb) note({ path, a: va.display, b: null });
    else if (va.raw !== vb.raw) note({ path, a: va.display, b: vb.display });
  }
  for (const [path, vb] of lb) if (!la.has(path)) note({ path, a: null, b: vb.display });
  return { changes, total };
}
