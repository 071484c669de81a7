import type { CheckId } from '../core/checks.ts';
import type { DiagnosticList } from '../model/Diagnostic.ts';
import { makeField, type Field, type FieldName } from '../model/Field.ts';
import { decHex, type Show } from './show.ts';

export interface DissectOptions {
  littleEndian: boolean;
  /** Build the field tree (lazy decode) or only read values and report problems (scan). */
  tree: boolean;
  /** Where problems go; null when only the tree is wanted. */
  diags: DiagnosticList | null;
  /** Index entry the bytes belong to. */
  record: number;
}

/**
 * Reads the fields of one span of bytes and, when asked, builds their field tree. The same
 * dissector code serves the fast scan (tree off: values and problems only) and the lazy
 * decode of a record the user selects (tree on), as Wireshark's dissectors do with a NULL tree.
 * Offsets given to its methods are relative to the span; fields carry absolute file offsets.
 */
export class Dissection {
  readonly fields: Field[] = [];
  private current: Field[] = this.fields;
  private readonly dv: DataView;

  constructor(
    readonly bytes: Uint8Array,
    /** File offset of bytes[0]. */
    readonly base: number,
    readonly opts: DissectOptions,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.bytes.length;
  }

  get tree(): boolean {
    return this.opts.tree;
  }

  /** Whether [at, at + n) lies within the span. */
  has(at: number, n: number): boolean {
    return at >= 0 && n >= 0 && at + n <= this.bytes.length;
  }

  private check(at: number, n: number): void {
    if (!this.has(at, n)) throw new RangeError(`read of ${n} bytes at +${at} outside a ${this.bytes.length}-byte span`);
  }

  /** Reads without adding a field. */
  peekU8(at: number): number {
    this.check(at, 1);
    return this.dv.getUint8(at);
  }
  peekU16(at: number): number {
    this.check(at, 2);
    return this.dv.getUint16(at, this.opts.littleEndian);
  }
  peekU32(at: number): number {
    this.check(at, 4);
    return this.dv.getUint32(at, this.opts.littleEndian);
  }
  peekS32(at: number): number {
    this.check(at, 4);
    return this.dv.getInt32(at, this.opts.littleEndian);
  }
  peekU64(at: number): bigint {
    this.check(at, 8);
    return this.dv.getBigUint64(at, this.opts.littleEndian);
  }

  u8(name: FieldName, at: number, show: Show<number> = decHex): number {
    const v = this.peekU8(at);
    if (this.opts.tree) this.push(name, at, 1, v, show(v));
    return v;
  }
  u16(name: FieldName, at: number, show: Show<number> = decHex): number {
    const v = this.peekU16(at);
    if (this.opts.tree) this.push(name, at, 2, v, show(v));
    return v;
  }
  u32(name: FieldName, at: number, show: Show<number> = decHex): number {
    const v = this.peekU32(at);
    if (this.opts.tree) this.push(name, at, 4, v, show(v));
    return v;
  }
  s32(name: FieldName, at: number, show: Show<number> = String): number {
    const v = this.peekS32(at);
    if (this.opts.tree) this.push(name, at, 4, v, show(v));
    return v;
  }
  u64(name: FieldName, at: number, show: Show<bigint> = decHex): bigint {
    const v = this.peekU64(at);
    if (this.opts.tree) this.push(name, at, 8, v, show(v));
    return v;
  }

  /** A span of bytes shown as a whole (a blob, text, padding). */
  span(name: FieldName, at: number, length: number, display: string | (() => string), raw: string | null = null): void {
    this.check(at, length);
    if (this.opts.tree) this.push(name, at, length, raw, typeof display === 'function' ? display() : display);
  }

  /** A field whose children are added by `body`; `display` is computed after them, in tree mode only. */
  group(name: FieldName, at: number, length: number, display: string | (() => string), body: () => void): void {
    if (!this.opts.tree) {
      body();
      return;
    }
    const node: Field = makeField(name, this.base + at, length, null, '');
    node.children = [];
    const parent = this.current;
    parent.push(node);
    this.current = node.children!;
    try {
      body();
    } finally {
      this.current = parent;
    }
    node.display = typeof display === 'function' ? display() : display;
  }

  /**
   * A dissection of [at, at + length) of this span (clipped to the bytes there are) whose fields
   * go where this one's go now: a record's body dissector nested in the record's tree.
   */
  sub(at: number, length: number): Dissection {
    const s = new Dissection(this.bytes.subarray(at, at + length), this.base + at, this.opts);
    s.current = this.current;
    return s;
  }

  /** Adds a field built elsewhere (offsets relative to the span). */
  field(name: FieldName, at: number, length: number, raw: Field['raw'], display: string): void {
    if (this.opts.tree) this.push(name, at, length, raw, display);
  }

  /** Marks the field added last as holding guest PFN `pfn` (tree mode only). */
  pfn(pfn: number): void {
    const last = this.current[this.current.length - 1];
    if (this.opts.tree && last) last.pfn = pfn;
  }

  /** Reports a problem about [at, at + length) of the span. */
  problem(id: CheckId, at: number, length: number, message: string): void {
    this.opts.diags?.add(id, this.base + at, length, this.opts.record, message);
  }

  private push(name: FieldName, at: number, length: number, raw: Field['raw'], display: string): void {
    this.current.push(makeField(name, this.base + at, length, raw, display));
  }
}
