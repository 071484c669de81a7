/**
 * One decoded item and the bytes it came from, as in a Wireshark dissector tree. Highlighting,
 * "which field holds this byte" and error locations all come from (offset, length).
 */
export interface Field {
  /** The label shown to people. */
  name: string;
  /**
   * What the field is, for links and scripts: snake_case, derived from the name unless the
   * dissector gives one (see fieldKey); the keys from the record's top level, joined by dots,
   * make its key path (`body.user_regs.rip`).
   */
  key: string;
  /** Absolute file offset of the first byte. */
  offset: number;
  /** Number of bytes (0 for a marker with no bytes of its own). */
  length: number;
  /** The value as decoded: numbers, 64-bit values as bigint, text, or null for a group. */
  raw: number | bigint | string | null;
  /** The value for people: enum names, flags, hex. */
  display: string;
  /** Set when the value is a guest PFN (cr3, a magic page, a P2M frame): the explorer links it to that page. */
  pfn?: number;
  children?: Field[];
}

/** Path of child indexes from the root list to a field (what the UI selects by). */
export type FieldPath = number[];

/**
 * The version of the field trees' keys. Bump it when a key is renamed or a field moves to another
 * parent, and add an upgrader for old key paths in ui/permalink/fieldRef.ts.
 */
export const FIELD_KEY_SCHEMA = 1;

/** A field's label, with the key it goes by when that is not the one derived from the label. */
export type FieldName = string | { name: string; key: string };

/**
 * The key a label gives, as Wireshark's declared field names: lower snake_case, with an
 * element's index kept in brackets ("LAPIC_REGS[1]" → "lapic_regs[1]", "xsave area" → "xsave_area").
 */
export function fieldKey(name: string): string {
  if (/^[a-z0-9_]+$/.test(name)) return name;
  let key = derivedKeys.get(name);
  if (key === undefined) {
    key = deriveKey(name);
    if (derivedKeys.size < MAX_DERIVED_KEYS) derivedKeys.set(name, key);
  }
  return key;
}

/** Keys already derived: a big record's tree repeats a few labels thousands of times. */
const derivedKeys = new Map<string, string>();
const MAX_DERIVED_KEYS = 1 << 16;

function deriveKey(name: string): string {
  const indexed = /^(.*?)\s*\[(\d+)\]$/.exec(name);
  const base =
    (indexed ? indexed[1]! : name)
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'field';
  return indexed ? `${base}[${indexed[2]}]` : base;
}

/** A field named `n`; built with every property in one literal, as a hot path makes millions. */
export function makeField(n: FieldName, offset: number, length: number, raw: Field['raw'], display: string): Field {
  return typeof n === 'string' ? { name: n, key: fieldKey(n), offset, length, raw, display } : { name: n.name, key: n.key, offset, length, raw, display };
}

/** The innermost field holding `offset`, with its path, or null. */
export function fieldAt(fields: readonly Field[], offset: number): { field: Field; path: FieldPath } | null {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (offset < f.offset || offset >= f.offset + f.length) continue;
    const inner = f.children ? fieldAt(f.children, offset) : null;
    return inner ? { field: inner.field, path: [i, ...inner.path] } : { field: f, path: [i] };
  }
  return null;
}

/** The field at `path`, or null when the path does not exist. */
export function fieldByPath(fields: readonly Field[], path: FieldPath): Field | null {
  let list: readonly Field[] | undefined = fields;
  let found: Field | null = null;
  for (const i of path) {
    found = list?.[i] ?? null;
    if (!found) return null;
    list = found.children;
  }
  return found;
}

/** JSON-safe copy of a field tree: 64-bit values become decimal strings. */
export function fieldToJson(f: Field): object {
  return {
    name: f.name,
    key: f.key,
    offset: f.offset,
    length: f.length,
    raw: typeof f.raw === 'bigint' ? f.raw.toString() : f.raw,
    display: f.display,
    ...(f.pfn !== undefined ? { pfn: f.pfn } : {}),
    ...(f.children ? { children: f.children.map(fieldToJson) } : {}),
  };
}

/**
 * The key path of the field at `path` ("body.lapic_regs[1].data"), or null when there is no such
 * field. A key repeated among siblings is told apart by its occurrence: "padding@1" is the second.
 */
export function fieldKeyPath(fields: readonly Field[], path: FieldPath): string | null {
  const keys: string[] = [];
  let list: readonly Field[] | undefined = fields;
  for (const i of path) {
    const f: Field | undefined = list?.[i];
    if (!list || !f) return null;
    const before = list.slice(0, i).filter((g) => g.key === f.key).length;
    keys.push(before ? `${f.key}@${before}` : f.key);
    list = f.children;
  }
  return keys.join('.');
}

/** The child-index path of the field with key path `keyPath`, or null when there is none. */
export function fieldPathOfKeys(fields: readonly Field[], keyPath: string): FieldPath | null {
  const path: FieldPath = [];
  let list: readonly Field[] | undefined = fields;
  for (const part of keyPath.split('.')) {
    const m = /^(.*?)(?:@(\d+))?$/.exec(part)!;
    let seen = Number(m[2] ?? 0);
    const i: number = list?.findIndex((f) => f.key === m[1] && seen-- === 0) ?? -1;
    if (i < 0) return null;
    path.push(i);
    list = list![i]!.children;
  }
  return path;
}
