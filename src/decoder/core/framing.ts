/**
 * The record framing libxl and libxc share: {u32 type, u32 body_length}, body, zero padding to
 * 8 bytes (spec: libxc-stream.md §4, libxl-stream.md §2).
 */
import type { CheckId } from './checks.ts';
import { padTo8, RECORD_HEADER_SIZE } from './sizes.ts';
import { hex } from '../dissect/show.ts';
import type { Layer } from '../model/Layer.ts';
import type { ScanContext } from './ScanContext.ts';

const NO_BYTES = new Uint8Array(0);

export interface FramedRecord {
  entry: number;
  at: number;
  type: number;
  bodyLength: number;
  /** Header + body + padding. */
  total: number;
  /** The whole record lies within the file. */
  fits: boolean;
}

/**
 * Reads a record header at `at` and adds its index entry. Returns null, after reporting the
 * truncation, when the file ends inside the 8-byte header.
 */
export async function frameRecord(ctx: ScanContext, at: number, layer: Layer, depth: number, what: string): Promise<FramedRecord | null> {
  return frameHeader(ctx, at, await ctx.reader.bytes(at, RECORD_HEADER_SIZE), 0, layer, depth, what);
}

/** Little-endian u32 at `at` of `b`. */
export const u32le = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * frameRecord over header bytes already read, from `hAt` of `h` to its end (the scan's hot path
 * reads them in place in the reader's window). The framing is written into `into` when given:
 * a loop over millions of small records keeps one FramedRecord for all of them, which spares the
 * collector an object per record (nothing keeps a FramedRecord past its record).
 */
export function frameHeader(ctx: ScanContext, at: number, h: Uint8Array, hAt: number, layer: Layer, depth: number, what: string, into?: FramedRecord): FramedRecord | null {
  const have = h.length - hAt;
  if (have < RECORD_HEADER_SIZE) {
    const type = have >= 4 ? u32le(h, hAt) : 0;
    const entry = ctx.entry(at, have, layer, type, depth, { bodyLength: 0 });
    ctx.truncated(entry, at, RECORD_HEADER_SIZE, `the header of a ${what}`);
    return null;
  }
  const type = u32le(h, hAt);
  const bodyLength = u32le(h, hAt + 4);
  const total = RECORD_HEADER_SIZE + bodyLength + padTo8(bodyLength);
  const entry = ctx.record(at, total, bodyLength, layer, type, depth);
  const fits = at + total <= ctx.size;
  if (!into) return { entry, at, type, bodyLength, total, fits };
  into.entry = entry;
  into.at = at;
  into.type = type;
  into.bodyLength = bodyLength;
  into.total = total;
  into.fits = fits;
  return into;
}

/** Reads body and padding of a record that fits and is at most INLINE_BODY_MAX long. */
export async function readBody(ctx: ScanContext, r: FramedRecord): Promise<Uint8Array> {
  return ctx.reader.bytes(r.at + RECORD_HEADER_SIZE, r.total - RECORD_HEADER_SIZE);
}

/** Reports non-zero padding; it lies from `at` of `bytes` (read with the body, or separately for big bodies). */
export function checkPadding(ctx: ScanContext, r: FramedRecord, bytes: Uint8Array, at: number, id: CheckId): void {
  const padAt = r.at + RECORD_HEADER_SIZE + r.bodyLength;
  const n = Math.min(r.total - RECORD_HEADER_SIZE - r.bodyLength, bytes.length - at);
  for (let i = 0; i < n; i++) {
    if (bytes[at + i] !== 0) {
      ctx.problem(id, padAt, n, r.entry, `padding after the ${r.bodyLength}-byte body has non-zero byte ${hex(bytes[at + i]!)} at ${hex(padAt + i)}`);
      return;
    }
  }
}

/** Padding bytes of a record whose body is not read whole. */
export async function readPadding(ctx: ScanContext, r: FramedRecord): Promise<Uint8Array> {
  const pad = padTo8(r.bodyLength);
  if (pad === 0) return NO_BYTES;
  return ctx.reader.bytes(r.at + RECORD_HEADER_SIZE + r.bodyLength, pad);
}
