/**
 * What "go to offset" accepts: hex with 0x (0x1_0000_0000) or decimal (4294967296), with
 * optional _ , or space separators. Returns null for anything else, or past 2^53.
 */
export function parseOffset(text: string): number | null {
  const t = text.trim().replace(/[_,\s]/g, '');
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) v = Number(t);
  else return null;
  return Number.isSafeInteger(v) ? v : null;
}
