/** A run of bytes of the open file: what is hovered, selected, or pointed at by a link. */
export interface ByteRange {
  offset: number;
  length: number;
}
