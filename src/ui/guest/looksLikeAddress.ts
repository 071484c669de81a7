/**
 * Whether a register or stack word is worth a link to the Memory tab: a kernel address (the
 * upper canonical half of a 64-bit guest, the top GiB of a 32-bit one). Small numbers, flags
 * and user-space data would make every word a link.
 */
export function looksLikeAddress(value: bigint, width: 4 | 8): boolean {
  return width === 8 ? value >= 0xffff800000000000n && value <= 0xffffffffffffffffn : value >= 0xc0000000n && value <= 0xffffffffn;
}
