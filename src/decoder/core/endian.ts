/**
 * Byte order, as Dissection's `littleEndian` option takes it. Records are little-endian; the
 * libxc image header and the libxl header are big-endian on the wire (spec: libxc-stream.md §2).
 */
export const Endian = { Little: true, Big: false } as const;
