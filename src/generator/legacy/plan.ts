/**
 * A legacy stream as the generator lays it out: named pieces that faults edit before the plan
 * becomes bytes. Page batches keep their raw PFN entries; their pages are derived from them.
 */
import { legacyPageHasData } from '../../decoder/legacy/constants.ts';
import { Bytes } from '../bytes.ts';
import { patternPage } from '../bodies.ts';
import type { Chunk as ByteChunk } from '../chunks.ts';
import type { ResolvedLegacySpec } from './spec.ts';

export type LegacyPieceName =
  | 'container'
  | 'p2m_size'
  | 'extended info'
  | 'p2m frames'
  | 'chunk'
  | 'batch'
  | 'unmapped'
  | 'vcpu basic'
  | 'vcpu extended'
  | 'vcpu xsave'
  | 'shared info'
  | 'magic pfns'
  | 'hvm context'
  | 'qemu'
  | 'trailer';

export interface LegacyPiece {
  name: LegacyPieceName;
  /** Checkpoint (BODY + TAIL) the piece belongs to; 0 for the header. */
  checkpoint: number;
  bytes: Uint8Array;
  /** 'chunk' pieces (including the body's end, id 0): the chunk id. */
  id?: number;
  /** 'batch' pieces: raw PFN entries (type nibble in bits 28-31), written at the toolstack's width. */
  entries?: bigint[];
  /** 'batch' pieces of a compressed body: pages come in COMPRESSED_DATA chunks instead. */
  compressed?: boolean;
  /** Tail pieces of one vCPU. */
  vcpu?: number;
}

export interface LegacyPlan {
  spec: ResolvedLegacySpec;
  /** Toolstack word size in bytes. */
  width: 4 | 8;
  pieces: LegacyPiece[];
  /** Stop writing this many bytes into the given piece (a cut-short file). */
  cut?: { piece: LegacyPiece; within: number };
}

export const entryPfn = (e: bigint): number => Number(e & 0x0fffffffn);
export const entryType = (e: bigint): number => Number((e >> 28n) & 0xfn);

/** PFNs whose pages follow a batch, in entry order. */
export function batchPagePfns(p: LegacyPiece): number[] {
  if (p.compressed || !p.entries) return [];
  return p.entries.filter((e) => legacyPageHasData(entryType(e))).map(entryPfn);
}

function* pieceChunks(p: LegacyPiece, width: number, content: 'pattern' | 'zero'): Generator<ByteChunk> {
  if (!p.entries) {
    yield p.bytes;
    return;
  }
  const b = new Bytes().u32(p.entries.length);
  for (const e of p.entries) if (width === 8) b.u64(e);
  else b.u32(Number(e & 0xffffffffn));
  yield b.done();
  const pfns = batchPagePfns(p);
  if (content === 'zero') yield { hole: pfns.length * 4096 };
  else for (const pfn of pfns) yield patternPage(pfn);
}

/** The plan's bytes and holes in file order, stopping at its cut if it has one. */
export function* legacyPlanChunks(plan: LegacyPlan): Generator<ByteChunk> {
  for (const p of plan.pieces) {
    if (plan.cut?.piece !== p) {
      yield* pieceChunks(p, plan.width, plan.spec.pageContent);
      continue;
    }
    let left = plan.cut.within;
    for (const c of pieceChunks(p, plan.width, plan.spec.pageContent)) {
      if (left <= 0) break;
      const n = c instanceof Uint8Array ? c.length : c.hole;
      yield c instanceof Uint8Array ? c.subarray(0, Math.min(n, left)) : { hole: Math.min(n, left) };
      left -= n;
    }
    return;
  }
}

export function pieces(plan: LegacyPlan, name: LegacyPieceName, checkpoint?: number): LegacyPiece[] {
  return plan.pieces.filter((p) => p.name === name && (checkpoint === undefined || p.checkpoint === checkpoint));
}

/** The nth piece of a kind; throws when the plan has none (a fault applied to the wrong stream). */
export function piece(plan: LegacyPlan, name: LegacyPieceName, nth = 0): LegacyPiece {
  const p = pieces(plan, name)[nth];
  if (!p) throw new Error(`generated legacy stream has no ${name} piece (#${nth})`);
  return p;
}

/** The nth chunk with this id (0 is a body's end). */
export function chunk(plan: LegacyPlan, id: number, nth = 0): LegacyPiece {
  const p = plan.pieces.filter((x) => x.name === 'chunk' && x.id === id)[nth];
  if (!p) throw new Error(`generated legacy stream has no chunk ${id} (#${nth})`);
  return p;
}

export function insertBefore(plan: LegacyPlan, at: LegacyPiece, ...add: LegacyPiece[]): void {
  plan.pieces.splice(plan.pieces.indexOf(at), 0, ...add);
}

export function remove(plan: LegacyPlan, p: LegacyPiece): void {
  plan.pieces.splice(plan.pieces.indexOf(p), 1);
}

export const chunkPiece = (id: number, bytes: Uint8Array, checkpoint: number): LegacyPiece => ({ name: 'chunk', id, bytes, checkpoint });

/** A checkpoint's end-of-body chunk (id 0): where faults add chunks to a body. */
export const bodyEnd = (plan: LegacyPlan, checkpoint = 0): LegacyPiece => plan.pieces.find((p) => p.name === 'chunk' && p.id === 0 && p.checkpoint === checkpoint)!;
