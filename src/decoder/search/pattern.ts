/**
 * What a search looks for, as bytes and a mask: hex with `??` wildcards, ASCII text, UTF-16LE
 * text, or an integer of a chosen width and byte order. A query that cannot be turned into bytes
 * gives a message for the person who typed it, never an exception.
 */

export type SearchKind = 'hex' | 'ascii' | 'utf16le' | 'int';

export interface SearchQuery {
  kind: SearchKind;
  text: string;
  /** For `int`: width in bytes and byte order. */
  width?: 1 | 2 | 4 | 8;
  littleEndian?: boolean;
}

export interface BytePattern {
  bytes: Uint8Array;
  /** 1 where the byte must match, 0 for a `??` wildcard. */
  mask: Uint8Array;
}

export type ParsedPattern = { pattern: BytePattern } | { error: string };

const exact = (bytes: Uint8Array): ParsedPattern => ({ pattern: { bytes, mask: new Uint8Array(bytes.length).fill(1) } });

function parseHex(text: string): ParsedPattern {
  const compact = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (!compact) return { error: 'Type some hex bytes, e.g. 51 45 56 4d or 00 ?? ff.' };
  if (compact.length % 2) return { error: 'Hex bytes come in pairs of digits (or ?? for any byte).' };
  const bytes = new Uint8Array(compact.length / 2);
  const mask = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const pair = compact.slice(2 * i, 2 * i + 2);
    if (pair === '??') continue;
    if (!/^[0-9a-f]{2}$/i.test(pair)) return { error: `"${pair}" is not a hex byte.` };
    bytes[i] = Number.parseInt(pair, 16);
    mask[i] = 1;
  }
  if (!mask.includes(1)) return { error: 'A pattern of only ?? matches everywhere; give at least one byte.' };
  return { pattern: { bytes, mask } };
}

function parseAscii(text: string): ParsedPattern {
  if (!text) return { error: 'Type the text to find.' };
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return { error: `"${text[i]}" is not ASCII; search UTF-16LE text, or its bytes in hex.` };
    bytes[i] = c;
  }
  return exact(bytes);
}

function parseUtf16(text: string): ParsedPattern {
  if (!text) return { error: 'Type the text to find.' };
  const bytes = new Uint8Array(text.length * 2);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) dv.setUint16(2 * i, text.charCodeAt(i), true);
  return exact(bytes);
}

function parseInteger(text: string, width: 1 | 2 | 4 | 8, littleEndian: boolean): ParsedPattern {
  const t = text.trim().replace(/_/g, '');
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) return { error: 'Type a whole number, decimal or 0x… hex (a minus sign for negative values).' };
  const neg = t.startsWith('-');
  const v = BigInt(neg ? t.slice(1) : t) * (neg ? -1n : 1n);
  const bits = BigInt(width * 8);
  if (v >= 1n << bits || v < -(1n << (bits - 1n))) return { error: `${text.trim()} does not fit in ${width * 8} bits.` };
  const bytes = new Uint8Array(width);
  const u = BigInt.asUintN(width * 8, v);
  for (let i = 0; i < width; i++) bytes[littleEndian ? i : width - 1 - i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return exact(bytes);
}

export function parseQuery(q: SearchQuery): ParsedPattern {
  switch (q.kind) {
    case 'hex':
      return parseHex(q.text);
    case 'ascii':
      return parseAscii(q.text);
    case 'utf16le':
      return parseUtf16(q.text);
    case 'int':
      return parseInteger(q.text, q.width ?? 4, q.littleEndian ?? true);
  }
}
