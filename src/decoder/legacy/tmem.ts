/**
 * TMEM and TMEM_EXTRA chunks (spec: legacy-stream.md §3.1, Xen 4.0-4.5 transcendent memory).
 * Their length is only known by walking them, and a persistent pool can hold many pages, so the
 * walk reads each header where it is and skips page contents; the same walk builds the field
 * tree when asked.
 */
import { Dissection, type DissectOptions } from '../dissect/Dissection.ts';
import { hex, sizeText } from '../dissect/show.ts';
import { TREE_ARRAY_LIMIT } from '../core/sizes.ts';
import { makeField, type Field } from '../model/Field.ts';
import { chunkIdField } from './chunks.ts';

export type ReadBytes = (at: number, length: number) => Promise<Uint8Array>;

export interface TmemWalk {
  /** Bytes of the chunk, up to where the file ended when it is cut short. */
  length: number;
  /** The file ends inside the chunk; the walk wanted `needed` bytes from the chunk's start. */
  cut: boolean;
  needed: number;
  fields: Field[];
  summary: string;
}

const ALL_ONES = 0xffffffff;
/** TMEM_POOL_PERSIST, and the page-size field of the pool flags (TMEM_POOL_PAGESIZE_SHIFT/MASK). */
const POOL_PERSIST = 1;
const pageSizeOf = (flags: number) => 2 ** (((flags >>> 4) & 0xf) + 12);

/** Fields in file order: those of each header read, and groups of them. */
type Part = Dissection | Field;
const flatten = (parts: Part[]): Field[] => parts.flatMap((p) => (p instanceof Dissection ? p.fields : [p]));

class Walker {
  pos: number;
  cut = false;
  needed = 0;
  private readonly top: Part[] = [];
  private current: Part[] = this.top;
  private steps = 0;

  constructor(
    private readonly read: ReadBytes,
    readonly start: number,
    private readonly fileSize: number,
    private readonly opts: DissectOptions,
    private readonly tick: (at: number) => Promise<void>,
  ) {
    this.pos = start;
  }

  /** The next `n` bytes as a Dissection whose fields land in the current group; null (and cut) when the file ends first. */
  async take(n: number): Promise<Dissection | null> {
    if (++this.steps % 256 === 0) await this.tick(this.pos);
    const bytes = await this.read(this.pos, n);
    if (bytes.length < n) {
      this.cut = true;
      this.needed = this.pos + n - this.start;
      this.pos += bytes.length;
      return null;
    }
    const d = new Dissection(bytes, this.pos, this.opts);
    if (this.opts.tree) this.current.push(d);
    this.pos += n;
    return d;
  }

  /** Skips `n` bytes of page data, shown as one field; false (and cut) when the file ends first. */
  skip(name: string, n: number, display: string, show: boolean): boolean {
    if (this.pos + n > this.fileSize) {
      this.cut = true;
      this.needed = this.pos + n - this.start;
      this.pos = this.fileSize;
      return false;
    }
    if (show && this.opts.tree) this.current.push(makeField(name, this.pos, n, null, display));
    this.pos += n;
    return true;
  }

  /** Runs `body` with its fields inside a group that ends where `body` stops reading. */
  async group(name: string, display: () => string, body: () => Promise<void>): Promise<void> {
    if (!this.opts.tree) return body();
    const node: Field = makeField(name, this.pos, 0, null, '');
    const parent = this.current;
    const parts: Part[] = [];
    parent.push(node);
    this.current = parts;
    try {
      await body();
    } finally {
      this.current = parent;
      node.length = this.pos - node.offset;
      node.display = display();
      node.children = flatten(parts);
    }
  }

  get fields(): Field[] {
    return flatten(this.top);
  }
}

/**
 * TMEM: id, u32 version, u32 max_pools, u32 −1, u32 client flags, weight, cap, u32 −1, then per
 * live pool {u32 pool_id, u32 flags, u32 n_pages, u64 uuid[2], persistent pools' pages} and a
 * u32 −1. A page is {u64 oid[3], u32 index, page bytes}; an oid starting with all ones ends a
 * pool's pages early.
 */
async function walkPools(w: Walker): Promise<string> {
  const h = await w.take(32);
  if (!h) return 'cut short';
  chunkIdField(h, -5);
  h.u32('version', 4);
  h.u32('max_pools', 8);
  const m1 = h.u32('marker', 12, (v) => hex(v));
  h.u32('client flags', 16, (v) => hex(v));
  h.u32('weight', 20);
  h.u32('cap', 24);
  const m2 = h.u32('marker', 28, (v) => hex(v));
  if (m1 !== ALL_ONES || m2 !== ALL_ONES) {
    h.problem('LEGACY_TMEM_MALFORMED', m1 !== ALL_ONES ? 12 : 28, 4, `TMEM chunk marker is ${hex(m1 !== ALL_ONES ? m1 : m2)}, not 0xffffffff: the 4.5 restorer refuses the chunk`);
  }
  let pools = 0;
  let pages = 0;
  for (;;) {
    const idBytes = await w.take(4);
    if (!idBytes) return 'cut short';
    const poolId = idBytes.peekU32(0);
    if (poolId === ALL_ONES) {
      idBytes.u32('end of pools', 0, (v) => hex(v));
      break;
    }
    pools++;
    let n = 0;
    let done = false;
    await w.group(`pool ${poolId}`, () => `${n} page(s)`, async () => {
      idBytes.u32('pool_id', 0);
      const p = await w.take(24);
      if (!p) return;
      const flags = p.u32('flags', 0, (v) => `${hex(v)} (${v & POOL_PERSIST ? 'persistent' : 'ephemeral'}, ${sizeText(pageSizeOf(v))} pages)`);
      const nPages = p.u32('n_pages', 4);
      p.u64('uuid[0]', 8, (v) => hex(v, 16));
      p.u64('uuid[1]', 16, (v) => hex(v, 16));
      const pageSize = pageSizeOf(flags);
      for (let j = 0; j < nPages; j++) {
        const oid = await w.take(24);
        if (!oid) return;
        if (oid.peekU32(0) === ALL_ONES && oid.peekU32(4) === ALL_ONES) {
          oid.span('end of pages', 0, 24, 'oid of all ones');
          break;
        }
        const idx = await w.take(4);
        if (!idx) return;
        const show = j < TREE_ARRAY_LIMIT;
        if (show) {
          oid.span(`page ${j} oid`, 0, 24, `${hex(oid.peekU64(0))}:${hex(oid.peekU64(8))}:${hex(oid.peekU64(16))}`);
          idx.u32(`page ${j} index`, 0);
        }
        if (!w.skip(`page ${j} data`, pageSize, sizeText(pageSize), show)) return;
        n++;
      }
      done = true;
    });
    pages += n;
    if (!done || w.cut) return 'cut short';
  }
  return `${pools} pool(s), ${pages} page(s)`;
}

/** TMEM_EXTRA: {u32 pool_id, u64 oid[3], u32 index} invalidations, ended by a pool_id of −1. */
async function walkInvalidations(w: Walker): Promise<string> {
  const h = await w.take(4);
  if (!h) return 'cut short';
  chunkIdField(h, -6);
  let n = 0;
  for (;;) {
    const idBytes = await w.take(4);
    if (!idBytes) return 'cut short';
    if (idBytes.peekU32(0) === ALL_ONES) {
      idBytes.u32('end of invalidations', 0, (v) => hex(v));
      return `${n} invalidation(s)`;
    }
    const rest = await w.take(28);
    if (!rest) return 'cut short';
    if (n < TREE_ARRAY_LIMIT) {
      idBytes.u32(`flush ${n} pool_id`, 0);
      rest.span(`flush ${n} oid`, 0, 24, `${hex(rest.peekU64(0))}:${hex(rest.peekU64(8))}:${hex(rest.peekU64(16))}`);
      rest.u32(`flush ${n} index`, 24);
    }
    n++;
  }
}

/** Walks the TMEM (`extra` false) or TMEM_EXTRA chunk starting at file offset `at`. */
export async function walkTmem(read: ReadBytes, at: number, fileSize: number, extra: boolean, opts: DissectOptions, tick: (at: number) => Promise<void> = async () => {}): Promise<TmemWalk> {
  const w = new Walker(read, at, fileSize, opts, tick);
  const summary = extra ? await walkInvalidations(w) : await walkPools(w);
  return { length: w.pos - at, cut: w.cut, needed: w.needed, fields: w.fields, summary };
}
