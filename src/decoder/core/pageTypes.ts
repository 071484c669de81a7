/**
 * The page type nibble of a PFN entry (Xen's XEN_DOMCTL_PFINFO_*), which libxc v2 PAGE_DATA and
 * legacy page batches both carry (spec: libxc-stream.md §6.2, legacy-stream.md §4).
 */
/** Page type names by nibble (bits 60-63 of a v2 PFN entry, 28-31 of a legacy one). */
export const PAGE_TYPE_NAMES: Record<number, string> = {
  0x0: 'NOTAB',
  0x1: 'L1TAB',
  0x2: 'L2TAB',
  0x3: 'L3TAB',
  0x4: 'L4TAB',
  0x9: 'L1TAB|LPINTAB',
  0xa: 'L2TAB|LPINTAB',
  0xb: 'L3TAB|LPINTAB',
  0xc: 'L4TAB|LPINTAB',
  0xd: 'BROKEN',
  0xe: 'XALLOC',
  0xf: 'XTAB',
};

/** Page types that carry 4096 bytes of data in the stream: (nibble & 7) in 0..4. */
export function pageTypeHasData(nibble: number): boolean {
  return (nibble & 7) <= 4;
}

export function pageTypeInvalid(nibble: number): boolean {
  return nibble >= 5 && nibble <= 8;
}
