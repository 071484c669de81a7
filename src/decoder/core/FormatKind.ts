/** The containers a file may start with (or carry after a header), as format detection names them. */
export type FormatKind = 'xl' | 'libxl' | 'libxc' | 'libvirt' | 'xend' | 'xenopsd' | 'legacy' | 'unknown';
