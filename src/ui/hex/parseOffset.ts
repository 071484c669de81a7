/**
 * What "go to offset" (and the Memory tab's address box) accepts: hex with 0x (0x1_0000_0000)
 * or decimal (4294967296), with optional _ , or space separators.
 */
export function parseNumber(text: string): bigint | null {
  const t = text.trim().replace(/[_,\s]/g, '');
  return /^(0x[0-9a-f]+|[0-9]+)$/i.test(t) ? BigInt(t) : null;
}

/** A file offset or count as parseNumber reads it; null for anything else, or past 2^53. */
export function parseOffset(text: string): number | null {
  const v = parseNumber(text);
  return v !== null && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
}
