/** Sizes every stream format shares (spec: libxc-stream.md §4, libxl-stream.md §2, legacy-stream.md). */

/** {u32 type, u32 body_length}: the framing of every libxl and libxc record. */
export const RECORD_HEADER_SIZE = 8;

/** Records are padded with zeros to a multiple of 8 bytes. */
export const padTo8 = (n: number): number => (8 - (n % 8)) % 8;

/** x86 guest pages, as every stream carries them. */
export const PAGE_SIZE = 4096;

/** Bodies up to this size are read whole during the scan; larger ones are only framed. */
export const INLINE_BODY_MAX = 16 * 1024 * 1024;

/** The field tree of one entry reads at most this much of it; the rest is summarised. */
export const DECODE_READ_MAX = 16 * 1024 * 1024;

/** Most entries of an array shown in a field tree; the rest are summarised in one field. */
export const TREE_ARRAY_LIMIT = 4096;
