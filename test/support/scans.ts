/** Helpers for tests that compare scans and field trees. */
import { expect } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import type { Field } from '../../src/decoder/model/Field.ts';
import type { ScanOptions } from '../../src/decoder/scan/ScanState.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { EntryFlag } from '../../src/decoder/model/RecordIndex.ts';
import type { ScanResult } from '../../src/decoder/scan/scanStream.ts';

/** The complete (not cut short) index entries lying wholly before `offset`, as comparable strings. */
function entriesBefore(r: ScanResult, offset: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.index.count; i++) {
    const e = r.index.get(i);
    if (e.offset + e.length <= offset && !(e.flags & EntryFlag.Truncated)) out.push(JSON.stringify(e));
  }
  return out;
}

const TRUNCATION = new Set(['ANY_TRUNCATED', 'XL_TRUNCATED']);

/**
 * Scans the first `n` bytes of a valid stream and asserts what a user relies on: exactly one
 * error, a truncation at the end of the file, and every entry before the cut as `full` has it.
 */
export async function expectCutReported(bytes: Uint8Array, n: number, full: ScanResult, options: ScanOptions = {}): Promise<void> {
  const r = await scanStream(new MemorySource(bytes.subarray(0, n)), options);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const cut = errors.filter((d) => TRUNCATION.has(d.id));
  expect(cut, `cut at ${n}: ${JSON.stringify(errors)}`).toHaveLength(1);
  expect(cut[0]!.offset).toBe(n);
  expect(errors.length, `cut at ${n}: ${JSON.stringify(errors)}`).toBe(1);
  const kept = entriesBefore(r, n);
  expect(kept, `cut at ${n}`).toEqual(entriesBefore(full, n).slice(0, kept.length));
  expect(kept.length).toBe(entriesBefore(full, n).length);
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
