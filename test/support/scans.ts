/** Helpers for tests that compare scans and field trees. */
import type { Field } from '../../src/decoder/model/Field.ts';
import { EntryFlag } from '../../src/decoder/model/RecordIndex.ts';
import type { ScanResult } from '../../src/decoder/scan/scanStream.ts';

/** The complete (not cut short) index entries lying wholly before `offset`, as comparable strings. */
export function entriesBefore(r: ScanResult, offset: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.index.count; i++) {
    const e = r.index.get(i);
    if (e.offset + e.length <= offset && !(e.flags & EntryFlag.Truncated)) out.push(JSON.stringify(e));
  }
  return out;
}

/** A field tree flattened to "parent.child" path → field. */
export function flattenFields(fields: Field[]): Map<string, Field> {
  const out = new Map<string, Field>();
  const walk = (fs: Field[], prefix: string) => {
    for (const f of fs) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      out.set(path, f);
      if (f.children) walk(f.children, path);
    }
  };
  walk(fields, '');
  return out;
}
