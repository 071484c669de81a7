/** How the legacy walks add index entries at their depth and read them, shared by the body and the tail. */
import { INLINE_BODY_MAX } from '../core/sizes.ts';
import type { ScanContext } from '../core/ScanContext.ts';
import { Dissection, type DissectOptions } from '../dissect/Dissection.ts';
import { Layer } from '../model/Layer.ts';

export class LegacyEntries {
  constructor(
    readonly ctx: ScanContext,
    private readonly depth: number,
  ) {}

  /** Dissection options of entry `record`: scan only, problems to the scan's list. */
  opts(record: number): DissectOptions {
    return { littleEndian: true, tree: false, diags: this.ctx.diags, record };
  }

  add(at: number, length: number, type: number, header = false): number {
    return this.ctx.entry(at, length, Layer.Legacy, type, this.depth, { header });
  }

  /** An entry of `length` bytes at `at`: false, after reporting the truncation, when the file ends inside it. */
  fits(entry: number, at: number, length: number, what: string): boolean {
    if (at + length <= this.ctx.size) return true;
    this.ctx.truncated(entry, at, length, what);
    return false;
  }

  /** One fixed-size entry: its bytes read and dissected, the summary noted. Returns the offset after it. */
  async piece(at: number, length: number, type: number, what: string, dissect: (d: Dissection) => string, vcpu?: number): Promise<number | null> {
    const ctx = this.ctx;
    const e = this.add(at, length, type);
    if (vcpu !== undefined) ctx.index.setAux(e, vcpu);
    if (!this.fits(e, at, length, what)) return null;
    const d = new Dissection(await ctx.reader.bytes(at, Math.min(length, INLINE_BODY_MAX)), at, this.opts(e));
    ctx.index.setNote(e, dissect(d));
    return at + length;
  }
}
