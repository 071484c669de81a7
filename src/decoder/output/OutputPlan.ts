/**
 * A file to be written, as a list of pieces: bytes made here (headers, converted records), slices
 * of the source file (guest pages), and runs of zeros (holes). Exports and conversions build a
 * plan and never hold the pages: Node copies the slices in a loop (src/node/writePlan.ts), the
 * browser makes a `Blob` of `File.slice`s (planBlob.ts), which copies nothing.
 */
export type Piece =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'slice'; offset: number; length: number }
  | { kind: 'zeros'; length: number };

export class OutputPlan {
  readonly pieces: Piece[] = [];
  /** Total size of the output in bytes. */
  size = 0;

  /** Appends bytes made here. The plan keeps the array: do not change it afterwards. */
  bytes(bytes: Uint8Array): this {
    if (bytes.length === 0) return this;
    this.pieces.push({ kind: 'bytes', bytes });
    this.size += bytes.length;
    return this;
  }

  /** Appends [offset, offset + length) of the source; a slice that continues the last one extends it. */
  slice(offset: number, length: number): this {
    if (length <= 0) return this;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'slice' && last.offset + last.length === offset) last.length += length;
    else this.pieces.push({ kind: 'slice', offset, length });
    this.size += length;
    return this;
  }

  /** Appends `length` zero bytes, written as a hole where the output can have holes. */
  zeros(length: number): this {
    if (length <= 0) return this;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.kind === 'zeros') last.length += length;
    else this.pieces.push({ kind: 'zeros', length });
    this.size += length;
    return this;
  }
}
