/** The field tree as the rows on screen: depth-first, children only under expanded fields. */
import type { Field, FieldPath } from '../../decoder/model/Field.ts';

export interface TreeRow {
  field: Field;
  path: FieldPath;
  key: string;
  /** 1-based, as aria-level. */
  level: number;
  posInSet: number;
  setSize: number;
  expandable: boolean;
  expanded: boolean;
  /** Key of the parent row, or null at the top. */
  parent: string | null;
}

export const pathKey = (path: FieldPath): string => path.join('.');

export function treeRows(tree: readonly Field[], expanded: ReadonlySet<string>): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (fields: readonly Field[], prefix: FieldPath, parent: string | null) => {
    fields.forEach((field, i) => {
      const path = [...prefix, i];
      const key = pathKey(path);
      const expandable = (field.children?.length ?? 0) > 0;
      const open = expandable && expanded.has(key);
      out.push({ field, path, key, level: path.length, posInSet: i + 1, setSize: fields.length, expandable, expanded: open, parent });
      if (open) walk(field.children!, path, key);
    });
  };
  walk(tree, [], null);
  return out;
}

/** Groups opened at first: the top level, and small groups one level below it (not long arrays). */
export function initiallyExpanded(tree: readonly Field[], maxChildren = 32): Set<string> {
  const open = new Set<string>();
  const walk = (fields: readonly Field[], prefix: FieldPath) => {
    fields.forEach((f, i) => {
      const n = f.children?.length ?? 0;
      if (n === 0 || prefix.length >= 2 || (prefix.length > 0 && n > maxChildren)) return;
      const path = [...prefix, i];
      open.add(pathKey(path));
      walk(f.children!, path);
    });
  };
  walk(tree, []);
  return open;
}

/** `expanded` plus every ancestor of `path`, so that its row is on screen. */
export function withAncestors(expanded: ReadonlySet<string>, path: FieldPath): Set<string> {
  const out = new Set(expanded);
  for (let n = 1; n < path.length; n++) out.add(pathKey(path.slice(0, n)));
  return out;
}
