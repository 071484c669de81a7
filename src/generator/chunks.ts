/**
 * Turns a plan into bytes: a sequence of chunks, each bytes or a hole of zeros, so that a
 * multi-GiB image costs no memory (ChunkedSource reads holes as zeros) and no disk (the Node
 * writer leaves holes unwritten).
 */
import { MemorySource } from '../decoder/bytes/ByteSource.ts';
import { OutputPlan } from '../decoder/output/OutputPlan.ts';
import { PlanSource } from '../decoder/output/PlanSource.ts';
import { Bytes } from './bytes.ts';
import { pageEntry, patternPage } from './bodies.ts';
import { Rec } from '../decoder/libxc/constants.ts';
import { pageTypeHasData } from '../decoder/core/pageTypes.ts';
import { pageType } from './build.ts';
import { bodyLength, type PageBatchesPiece, type Piece, type Plan, type RecordPiece } from './plan.ts';
import type { ResolvedSpec } from './spec.ts';

export type Chunk = Uint8Array | { hole: number };

const chunkLength = (c: Chunk): number => (c instanceof Uint8Array ? c.length : c.hole);

function* pieceChunks(p: Piece, spec: ResolvedSpec): Generator<Chunk> {
  if (p.kind === 'bytes') yield p.bytes;
  else if (p.kind === 'record') yield* recordChunks(p);
  else yield* pageBatchChunks(p, spec);
}

/**
 * The records of a PageBatchesPiece, encoded straight into one array each (the same bytes as
 * expanding it into RecordPieces, at a fraction of the cost for millions of records).
 */
function* pageBatchChunks(p: PageBatchesPiece, spec: ResolvedSpec): Generator<Chunk> {
  for (let first = 0; first < p.pfns.length; first += spec.batch) {
    const n = Math.min(spec.batch, p.pfns.length - first);
    const head = new Uint8Array(16 + 8 * n);
    const v = new DataView(head.buffer);
    const withData: number[] = [];
    for (let i = 0; i < n; i++) {
      const pfn = p.pfns[first + i]!;
      const type = pageType(spec, pfn);
      pageEntry(v, 16 + 8 * i, pfn, type);
      if (pageTypeHasData(type)) withData.push(pfn);
    }
    v.setUint32(0, Rec.PAGE_DATA, true);
    v.setUint32(4, 8 + 8 * n + 4096 * withData.length, true);
    v.setUint32(8, n, true);
    yield head;
    const known = spec.image?.page;
    if (spec.pageContent === 'zero' && !known) yield { hole: withData.length * 4096 };
    else for (const pfn of withData) yield known?.(pfn, p.pass) ?? (spec.pageContent === 'zero' ? { hole: 4096 } : patternPage(pfn));
  }
}

function* recordChunks(p: RecordPiece): Generator<Chunk> {
  const len = bodyLength(p);
  yield new Bytes().u32(p.type).u32(len).bytes(p.body).done();
  if (p.pages) {
    if (p.pages.content === 'zero' && !p.pages.known) yield { hole: p.pages.pfns.length * 4096 };
    else for (const pfn of p.pages.pfns) yield p.pages.known?.(pfn) ?? (p.pages.content === 'zero' ? { hole: 4096 } : patternPage(pfn));
  }
  const written = p.body.length + (p.pages ? p.pages.pfns.length * 4096 : 0);
  const pad = p.pad ?? new Uint8Array((8 - (written % 8)) % 8);
  if (pad.length) yield pad;
}

/** The plan's chunks in file order, stopping at the plan's cut if it has one. */
export function* planChunks(plan: Plan): Generator<Chunk> {
  for (const p of plan.pieces) {
    if (plan.cut?.piece !== p) {
      yield* pieceChunks(p, plan.spec);
      continue;
    }
    let left = plan.cut.within;
    for (const c of pieceChunks(p, plan.spec)) {
      if (left <= 0) break;
      const n = chunkLength(c);
      yield c instanceof Uint8Array ? c.subarray(0, Math.min(n, left)) : { hole: Math.min(n, left) };
      left -= n;
    }
    return;
  }
}

const MERGED_CHUNK = 1 << 20;

/**
 * The same bytes in fewer chunks: runs of byte chunks are merged into ones of about 1 MiB, and
 * holes shorter than `fillHolesUnder` become zeros inside them (a file writer gains nothing from
 * a hole that cannot free a whole disk block, and loses a write call per record).
 */
export function* coalesceChunks(chunks: Iterable<Chunk>, fillHolesUnder = 0): Generator<Chunk> {
  let pending: Chunk[] = [];
  let pendingLength = 0;
  function* flush(): Generator<Chunk> {
    if (pending.length === 1) yield pending[0]!;
    else if (pending.length > 1) {
      const merged = new Uint8Array(pendingLength);
      let at = 0;
      for (const c of pending) {
        if (c instanceof Uint8Array) merged.set(c, at);
        at += chunkLength(c);
      }
      yield merged;
    }
    pending = [];
    pendingLength = 0;
  }
  for (const c of chunks) {
    const n = chunkLength(c);
    if (n === 0) continue;
    if (!(c instanceof Uint8Array) && n >= fillHolesUnder) {
      yield* flush();
      yield c;
      continue;
    }
    pending.push(c);
    pendingLength += n;
    if (pendingLength >= MERGED_CHUNK) yield* flush();
  }
  // A lone small hole stays a hole.
  yield* flush();
}

/**
 * A ByteSource over chunks: bytes are kept, holes cost nothing and read as zeros. The chunks
 * (merged, so that reads touch few of them) become an output plan read back as a file.
 */
export class ChunkedSource extends PlanSource {
  constructor(chunks: Iterable<Chunk>, name = 'generated') {
    const plan = new OutputPlan();
    for (const c of coalesceChunks(chunks)) {
      if (c instanceof Uint8Array) plan.bytes(c);
      else plan.zeros(c.hole);
    }
    // A plan of bytes and zeros has no slices: the source behind it is never read.
    super(plan, new MemorySource(new Uint8Array(0)), name);
  }
}

/** All chunks as one array; for streams that fit in memory (tests, browser samples). */
export function concatChunks(chunks: Iterable<Chunk>, limit = 512 * 1024 * 1024): Uint8Array {
  const list = [...chunks];
  const total = list.reduce((n, c) => n + chunkLength(c), 0);
  if (total > limit) throw new RangeError(`generated stream is ${total} bytes, more than the ${limit} an in-memory build allows; write it to a file instead`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of list) {
    if (c instanceof Uint8Array) out.set(c, at);
    at += chunkLength(c);
  }
  return out;
}
