/**
 * One chunk of the guest memory model kept as runs, while the stream names each of its PFNs once
 * and in ascending order (a save, or a migration's first round: Xen's saver sends in PFN order).
 * A run is consecutive PFNs of one page type whose copies lie at equal steps in the file: the
 * pages of a PAGE_DATA record (4096 bytes apart), or one-page records back to back. So a record
 * of 1024 pages costs one run of 21 bytes instead of 1024 per-PFN slots, and the census and the
 * memory map visit runs, not PFNs. A PFN that comes again or out of order does not fit: the
 * model then turns the chunk into per-PFN columns.
 */

/** Runs a list holds at most: beyond it, columns are smaller (8192 × 21 bytes < 32768 × 11). */
export const MAX_RUNS = 8192;
/** Bytes a run takes: first, count, step (4 each), offset (8), type (1). */
export const RUN_BYTES = 21;
const FIRST_CAPACITY = 16;

/**
 * Whether `n` PFNs whose copies lie `step` bytes apart from `offset` carry on a run of `count`
 * PFNs of the same type whose first copy is at `first` and whose own step is `runStep` (0 while
 * it holds one PFN): the step along the joined run, or -1 when they do not. Negative offsets are
 * the model's markers (no copy, elsewhere): a marker carries on only the same marker.
 */
export function joinedStep(first: number, count: number, runStep: number, offset: number, n: number, step: number): number {
  if (offset < 0) return first === offset ? 0 : -1;
  const joined = runStep > 0 ? runStep : offset - first;
  return first >= 0 && joined > 0 && joined <= 0xffffffff && offset === first + count * joined && (n === 1 || step === joined) ? joined : -1;
}

export class PfnRunList {
  /** Runs held: the columns below are valid up to here. */
  length = 0;
  /** One past the last PFN (relative to base) any run covers: where the next entry must start. */
  end = 0;
  /** First PFN of each run, relative to base. */
  first = new Uint32Array(FIRST_CAPACITY);
  count = new Uint32Array(FIRST_CAPACITY);
  /** File offset of the copy of each run's first PFN, or the model's negative marker (no copy, elsewhere). */
  offset = new Float64Array(FIRST_CAPACITY);
  /** Bytes from one PFN's copy to the next's; 0 for a run without copies. */
  step = new Uint32Array(FIRST_CAPACITY);
  type = new Uint8Array(FIRST_CAPACITY);

  constructor(readonly base: number) {}

  /**
   * Adds n PFNs from base + i, the first one's copy at `offset` (negative: the model's marker for
   * all n) and each next `step` bytes further. False when they do not fit a run list (not after
   * every PFN held, or the list is full): nothing changed then.
   */
  append(i: number, n: number, type: number, offset: number, step: number): boolean {
    if (i < this.end) return false;
    const r = this.length - 1;
    if (r >= 0 && i === this.end && this.type[r] === type) {
      const joined = joinedStep(this.offset[r]!, this.count[r]!, this.step[r]!, offset, n, step);
      if (joined >= 0) {
        this.step[r] = joined;
        this.count[r]! += n;
        this.end = i + n;
        return true;
      }
    }
    if (this.length === this.first.length && !this.grow()) return false;
    const k = this.length++;
    this.first[k] = i;
    this.count[k] = n;
    this.offset[k] = offset;
    this.step[k] = n > 1 && offset >= 0 ? step : 0;
    this.type[k] = type;
    this.end = i + n;
    return true;
  }

  /** The run holding PFN base + i, or -1. */
  find(i: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.first[mid]! > i) hi = mid - 1;
      else if (this.first[mid]! + this.count[mid]! <= i) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The offset (or marker) of PFN base + i in run r. */
  offsetIn(r: number, i: number): number {
    const o = this.offset[r]!;
    return o < 0 ? o : o + (i - this.first[r]!) * this.step[r]!;
  }

  get allocatedBytes(): number {
    return this.first.length * RUN_BYTES;
  }

  private grow(): boolean {
    const capacity = Math.min(MAX_RUNS, this.first.length * 2);
    if (capacity === this.first.length) return false;
    const widen = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.first = widen(this.first, (n) => new Uint32Array(n));
    this.count = widen(this.count, (n) => new Uint32Array(n));
    this.offset = widen(this.offset, (n) => new Float64Array(n));
    this.step = widen(this.step, (n) => new Uint32Array(n));
    this.type = widen(this.type, (n) => new Uint8Array(n));
    return true;
  }
}
