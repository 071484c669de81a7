/**
 * A small seeded pseudo-random generator (xorshift32 over a mixed seed): the same seed and case
 * number give the same input on every machine, so a failing case can be replayed by number.
 */
export class Random {
  private state: number;

  constructor(seed: number, stream = 0) {
    // Mix seed and stream so that neighbouring cases start far apart; never zero.
    let s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 0x6a09e667, 0xc2b2ae35)) >>> 0;
    s ^= s >>> 16;
    this.state = s || 1;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}
