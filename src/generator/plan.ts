/**
 * A stream as the generator lays it out before writing it: pieces of bytes and records, which
 * faults edit by name before the plan is turned into bytes.
 */
import type { ResolvedSpec } from './spec.ts';

/** Headers and other unframed bytes. */
export interface BytesPiece {
  kind: 'bytes';
  name: 'xl header' | 'libvirt header' | 'libxl header' | 'image header' | 'domain header' | 'trailer';
  bytes: Uint8Array;
}

/** Page contents after a PAGE_DATA PFN array: written as bytes or left as a hole. */
export interface PageRun {
  pfns: number[];
  content: 'pattern' | 'zero';
  /** Known contents by PFN (the rest get `content`). */
  known?: (pfn: number) => Uint8Array | undefined;
}

export interface RecordPiece {
  kind: 'record';
  layer: 'libxl' | 'libxc';
  type: number;
  body: Uint8Array;
  pages?: PageRun;
  /** Declared body_length, when it must differ from the bytes written. */
  length?: number;
  /** Padding bytes, when they must differ from zeros. */
  pad?: Uint8Array;
  /** Checkpoint the record belongs to (0 for the first or only one). */
  checkpoint: number;
}

/**
 * PAGE_DATA records for `pfns`, `batch` PFNs each, made one at a time as the stream is written:
 * a stream of ten million records costs one piece, not ten million. Faults edit single records,
 * so planning a stream with faults expands these into RecordPieces first.
 */
export interface PageBatchesPiece {
  kind: 'pageBatches';
  pfns: number[];
  checkpoint: number;
  /** Which sending of these pages (0 the first; in a checkpointed stream its checkpoint), for known page contents. */
  pass: number;
}

export type Piece = BytesPiece | RecordPiece | PageBatchesPiece;

export interface Plan {
  spec: ResolvedSpec;
  pieces: Piece[];
  /** Stop writing this many bytes into the given piece (a cut-short file). */
  cut?: { piece: Piece; within: number };
}

export const bodyLength = (r: RecordPiece): number => r.length ?? r.body.length + (r.pages ? r.pages.pfns.length * 4096 : 0);

export function records(plan: Plan, layer: RecordPiece['layer'], type: number): RecordPiece[] {
  return plan.pieces.filter((p): p is RecordPiece => p.kind === 'record' && p.layer === layer && p.type === type);
}

/** The nth record of a type; throws when the plan has none (a fault applied to the wrong stream). */
export function record(plan: Plan, layer: RecordPiece['layer'], type: number, nth = 0): RecordPiece {
  const r = records(plan, layer, type)[nth];
  if (!r) throw new Error(`generated stream has no ${layer} record of type ${type} (#${nth})`);
  return r;
}

export function piece(plan: Plan, name: BytesPiece['name']): BytesPiece {
  const p = plan.pieces.find((x): x is BytesPiece => x.kind === 'bytes' && x.name === name);
  if (!p) throw new Error(`generated stream has no ${name}`);
  return p;
}

export function insertBefore(plan: Plan, at: Piece, ...add: Piece[]): void {
  plan.pieces.splice(plan.pieces.indexOf(at), 0, ...add);
}

export function insertAfter(plan: Plan, at: Piece, ...add: Piece[]): void {
  plan.pieces.splice(plan.pieces.indexOf(at) + 1, 0, ...add);
}

export function remove(plan: Plan, p: Piece): void {
  plan.pieces.splice(plan.pieces.indexOf(p), 1);
}

/** Takes `p` out of its place and puts it just before or after `anchor`. */
export function move(plan: Plan, p: Piece, where: 'before' | 'after', anchor: Piece): void {
  remove(plan, p);
  (where === 'before' ? insertBefore : insertAfter)(plan, anchor, p);
}

export function libxc(type: number, body: Uint8Array, checkpoint = 0): RecordPiece {
  return { kind: 'record', layer: 'libxc', type, body, checkpoint };
}

export function libxl(type: number, body: Uint8Array, checkpoint = 0): RecordPiece {
  return { kind: 'record', layer: 'libxl', type, body, checkpoint };
}
