/**
 * How a link names a field: by key path (`body.user_regs.rip`, from link version 2 on, with the
 * decoder's FIELD_KEY_SCHEMA it was written in), or by child indexes (`1.9.1`, what version 1
 * links carried). Either is resolved against the record's field tree once it is decoded; a key
 * path from an older schema is first brought up to date by KEY_UPGRADERS, which see the record's
 * index entry (a key may have moved differently in different record kinds).
 */
import type { IndexEntry } from '../../decoder/model/RecordIndex.ts';
import { FIELD_KEY_SCHEMA, fieldKeyPath, fieldPathOfKeys, type Field, type FieldPath } from '../../decoder/model/Field.ts';

export type FieldRef = { keys: string; schema: number } | { indexes: FieldPath };

type KeyUpgrader = (keys: string, entry: IndexEntry) => string;

/** KEY_UPGRADERS[n] rewrites a schema-n key path into schema n + 1. None yet: schema 1 is the first. */
const KEY_UPGRADERS: Record<number, KeyUpgrader> = {};

/** Brings a key path of schema `from` up to the current schema, one upgrader at a time. */
export function upgradeKeyPath(keys: string, from: number, entry: IndexEntry, upgraders: Record<number, KeyUpgrader> = KEY_UPGRADERS, to = FIELD_KEY_SCHEMA): string {
  let k = keys;
  for (let v = from; v < to; v++) k = upgraders[v]?.(k, entry) ?? k;
  return k;
}

/** The field a link names, as a child-index path in `tree` (the tree of `entry`), or null. */
export function resolveFieldRef(tree: readonly Field[], ref: FieldRef, entry: IndexEntry): FieldPath | null {
  if ('indexes' in ref) return fieldKeyPath(tree, ref.indexes) === null ? null : ref.indexes;
  return fieldPathOfKeys(tree, upgradeKeyPath(ref.keys, ref.schema, entry));
}

/** How a link names the field at `path` of `tree`: by its key path. */
export function fieldRefOf(tree: readonly Field[], path: FieldPath): FieldRef | null {
  const keys = fieldKeyPath(tree, path);
  return keys === null ? null : { keys, schema: FIELD_KEY_SCHEMA };
}

/** "body.lapic_regs[1].data", or "1.9.1" for a link that names it by position. */
export function describeFieldRef(ref: FieldRef): string {
  return 'indexes' in ref ? ref.indexes.join('.') : ref.keys;
}
