import type { ByteSource } from '../bytes/ByteSource.ts';
import type { OutputPlan } from './OutputPlan.ts';

/**
 * A plan read back as the file it describes, without writing it: a converted stream is scanned
 * (verified) this way before a byte of it reaches the disk or a download.
 */
export class PlanSource implements ByteSource {
  readonly size: number;
  /** Start offset of each piece in the output. */
  private readonly starts: number[] = [];

  constructor(
    private readonly plan: OutputPlan,
    private readonly source: ByteSource,
    readonly name = 'converted',
  ) {
    let at = 0;
    for (const p of plan.pieces) {
      this.starts.push(at);
      at += p.kind === 'bytes' ? p.bytes.length : p.length;
    }
    this.size = at;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.min(Math.max(0, offset), this.size);
    const end = Math.min(this.size, start + Math.max(0, length));
    const out = new Uint8Array(end - start);
    for (let i = this.pieceAt(start), at = start; at < end; i++) {
      const p = this.plan.pieces[i]!;
      const within = at - this.starts[i]!;
      const pieceLength = p.kind === 'bytes' ? p.bytes.length : p.length;
      const take = Math.min(end - at, pieceLength - within);
      if (p.kind === 'bytes') out.set(p.bytes.subarray(within, within + take), at - start);
      else if (p.kind === 'slice') out.set(await this.source.read(p.offset + within, take), at - start);
      at += take;
    }
    return out;
  }

  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
