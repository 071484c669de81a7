/**
 * One decoded item and the bytes it came from, as in a Wireshark dissector tree. Highlighting,
 * "which field holds this byte" and error locations all come from (offset, length).
 */
export interface Field {
  name: string;
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

/** Path of child indexes from the root list to a field, as used in permalinks. */
export type FieldPath = number[];

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
    offset: f.offset,
    length: f.length,
    raw: typeof f.raw === 'bigint' ? f.raw.toString() : f.raw,
    display: f.display,
    ...(f.pfn !== undefined ? { pfn: f.pfn } : {}),
    ...(f.children ? { children: f.children.map(fieldToJson) } : {}),
  };
}
