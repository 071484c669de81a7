/** Display formatting for field values: the words and numbers people read in the field tree. */

export type Show<T> = (v: T) => string;

export function hex(v: number | bigint, digits = 0): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** Decimal, with hex beside it when the number is big enough for hex to help. */
export function decHex(v: number | bigint): string {
  return v >= 10 ? `${v} (${hex(v)})` : String(v);
}

export const dec: Show<number | bigint> = (v) => String(v);

/** "NAME (value)" from a table, or "unknown (value)". */
export function named(table: Readonly<Record<number, string>>, unknown = 'unknown'): Show<number> {
  return (v) => `${table[v] ?? unknown} (${decHex(v)})`;
}

/** Bit flags as "A | B (0x3)". */
export function flags(table: Readonly<Record<number, string>>): Show<number> {
  return (v) => {
    const names: string[] = [];
    let rest = v >>> 0;
    for (const [bit, name] of Object.entries(table)) {
      const m = Number(bit);
      if ((rest & m) === m && m !== 0) {
        names.push(name);
        rest = (rest & ~m) >>> 0;
      }
    }
    if (rest) names.push(`unknown ${hex(rest)}`);
    return `${names.length ? names.join(' | ') : 'none'} (${hex(v)})`;
  };
}

export function bytesHex(b: Uint8Array, max = 16): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(b.length, max); i++) parts.push(b[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (b.length > max ? ' …' : '');
}

/** Bytes as text for display: printable ASCII kept, the rest escaped. */
export function printable(b: Uint8Array, max = 200): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, max); i++) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) s += String.fromCharCode(c);
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0) s += '\\0';
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + (b.length > max ? '…' : '');
}

export function sizeText(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** Latin-1 decoding of raw bytes (config text, xenstore strings). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}
