/**
 * Find in the field tree: every field whose name or value holds a text (case-insensitive), in
 * tree order, so that a long record (a domain config's numbered lines) can be searched where it
 * is shown.
 */
import type { Field, FieldPath } from '../../decoder/model/Field.ts';

export function findFields(tree: readonly Field[], text: string): FieldPath[] {
  const want = text.trim().toLowerCase();
  if (!want) return [];
  const out: FieldPath[] = [];
  const walk = (fields: readonly Field[], prefix: FieldPath) =>
    fields.forEach((f, i) => {
      const path = [...prefix, i];
      if (f.name.toLowerCase().includes(want) || f.display.toLowerCase().includes(want)) out.push(path);
      if (f.children) walk(f.children, path);
    });
  walk(tree, []);
  return out;
}
