/**
 * Two decoded field trees compared field by field, by key path (`body.user_regs.rip`; a key
 * repeated among siblings told apart as `padding@1`, as links do): what changed in a record
 * that holds vCPU or device state (HVM context entries, HVM params, TSC info, xenstore keys,
 * QEMU sections), in the tree's own names. A field on one side only is one change, however
 * many fields it holds (a vCPU's whole CPU entry, say).
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

/** Children by key path segment, repeats numbered by occurrence. */
function bySegment(fields: readonly Field[]): Map<string, Field> {
  const seen = new Map<string, number>();
  const out = new Map<string, Field>();
  for (const f of fields) {
    const n = seen.get(f.key) ?? 0;
    seen.set(f.key, n + 1);
    out.set(n ? `${f.key}@${n}` : f.key, f);
  }
  return out;
}

/** What a leaf says; a field's offset is where it lies in its file, not what it says, so it is left out. */
const valueOf = (f: Field): string => (f.raw === null ? f.display : String(f.raw));
const shown = (f: Field): string => f.display.trim();

export function diffFields(a: readonly Field[], b: readonly Field[], limit = FIELD_CHANGES_LISTED): { changes: FieldChange[]; total: number } {
  const changes: FieldChange[] = [];
  let total = 0;
  const note = (c: FieldChange) => {
    total++;
    if (changes.length < limit) changes.push(c);
  };
  const walk = (la: readonly Field[], lb: readonly Field[], prefix: string) => {
    const mb = bySegment(lb);
    for (const [seg, fa] of bySegment(la)) {
      const path = prefix + seg;
      const fb = mb.get(seg);
      mb.delete(seg);
      if (!fb) note({ path, a: shown(fa), b: null });
      else if (fa.children?.length || fb.children?.length) walk(fa.children ?? [], fb.children ?? [], `${path}.`);
      else if (valueOf(fa) !== valueOf(fb)) note({ path, a: shown(fa), b: shown(fb) });
    }
    for (const [seg, fb] of mb) note({ path: prefix + seg, a: null, b: shown(fb) });
  };
  walk(a, b, '');
  return { changes, total };
}
