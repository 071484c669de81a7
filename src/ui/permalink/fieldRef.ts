/**
 * How a link names a field: by key path (`body.user_regs.rip`, from link version 2 on, with the
 * decoder's FIELD_KEY_SCHEMA it was written in), or by child indexes (`1.9.1`, what version 1
 * links carried). Either is resolved against the record's field tree once it is decoded; a key
 * path from an older schema is first brought up to date by KEY_UPGRADERS, which see the record's
 * index entry (a key may have moved differently in different record kinds).
 */
import type { IndexEntry } from '../../decoder/model/RecordIndex.ts';
import { FIELD_KEY_SCHEMA, fieldByPath, fieldKeyPath, fieldPathOfKeys, type Field, type FieldPath } from '../../decoder/model/Field.ts';

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

/**
 * The field a link names, as a child-index path in `tree` (the tree of `entry`), or null. A
 * position from a version 1 link is checked against the bytes the link selected: where the tree
 * has been reshaped since (deeper decoding adds fields), the field over exactly those bytes is
 * the one the link meant.
 */
export function resolveFieldRef(tree: readonly Field[], ref: FieldRef, entry: IndexEntry, bytes?: { offset: number; length: number }): FieldPath | null {
  if (!('indexes' in ref)) return fieldPathOfKeys(tree, upgradeKeyPath(ref.keys, ref.schema, entry));
  const atIndexes = fieldKeyPath(tree, ref.indexes) === null ? null : ref.indexes;
  if (!bytes) return atIndexes;
  const f = atIndexes && fieldByPath(tree, atIndexes);
  if (f && f.offset === bytes.offset && f.length === bytes.length) return atIndexes;
  return fieldOver(tree, bytes) ?? atIndexes;
}

/**
 * The outermost field spanning exactly `bytes`, or else the innermost one holding them all (the
 * bytes were one field that has since been split into several).
 */
function fieldOver(fields: readonly Field[], bytes: { offset: number; length: number }, path: FieldPath = []): FieldPath | null {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.offset === bytes.offset && f.length === bytes.length) return [...path, i];
    if (f.offset <= bytes.offset && bytes.offset + bytes.length <= f.offset + f.length) {
      return (f.children && fieldOver(f.children, bytes, [...path, i])) ?? [...path, i];
    }
  }
  return null;
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
