/** How offsets and sizes read on screen. */

/** Hex digits for offsets in a file of `size` bytes: at least 8, so columns line up. */
export function offsetDigits(size: number): number {
  return Math.max(8, Math.max(0, size - 1).toString(16).length);
}

export function hexOffset(offset: number, digits = 0): string {
  return '0x' + offset.toString(16).padStart(digits, '0');
}

/** One formatter for every count: toLocaleString makes a new one at each call (the timeline formats every row's length at each redraw). */
const counts = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return counts.format(n);
}
