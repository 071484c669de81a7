/** libvirt and xend wrappers: a header with the domain config, then the stream they carry. */
import { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import { Layer } from '../model/Layer.ts';
import type { ScanContext, StreamScanner, StreamStop } from '../core/ScanContext.ts';
import { dissectLibvirtHeader, dissectXendHeader, LIBVIRT_HEADER_SIZE, XEND_HEADER_SIZE } from './headers.ts';

const CONFIG_READ_MAX = 16 * 1024 * 1024;

async function wrapperHeader(ctx: ScanContext, layer: Layer, fixed: number, lengthOf: (b: Uint8Array) => number): Promise<{ entry: number; bytes: Uint8Array; length: number } | null> {
  const head = await ctx.reader.bytes(0, fixed);
  const length = head.length >= fixed ? lengthOf(head) : fixed;
  const entry = ctx.entry(0, length, layer, 0, 0, { header: true });
  if (head.length < fixed || length > ctx.size) {
    ctx.truncated(entry, 0, length, `the ${layer === Layer.Libvirt ? 'libvirt' : 'xend'} header`);
    return null;
  }
  return { entry, bytes: await ctx.reader.bytes(0, Math.min(length, fixed + CONFIG_READ_MAX)), length };
}

/** A libvirt save file carries a libxl stream (version 2) or a legacy one (version 1). */
export async function scanLibvirt(ctx: ScanContext, streams: { libxl: StreamScanner; legacy: StreamScanner }): Promise<StreamStop> {
  const h = await wrapperHeader(ctx, Layer.Libvirt, LIBVIRT_HEADER_SIZE, (b) => LIBVIRT_HEADER_SIZE + new DataView(b.buffer, b.byteOffset).getUint32(20, true));
  if (!h) return { complete: false, next: ctx.size };
  const info = dissectLibvirtHeader(new Dissection(h.bytes, 0, { littleEndian: true, tree: false, diags: ctx.diags, record: h.entry }));
  ctx.facts.containers.push('libvirt');
  if (info.config) ctx.facts.config = info.config;
  ctx.index.setNote(h.entry, `version ${info.version}${info.config?.name ? `, domain ${info.config.name}` : ''}`);
  if (info.version === 2) return streams.libxl(ctx, h.length, 1);
  if (info.version === 1) return streams.legacy(ctx, h.length, 1);
  ctx.problem('STREAM_UNREADABLE', 16, 4, h.entry, `libvirt save-file version ${info.version} is unknown (1 = legacy stream, 2 = libxl stream), so decoding stops`);
  return { complete: false, next: h.length };
}

/** A xend save file carries a legacy stream. */
export async function scanXend(ctx: ScanContext, legacy: StreamScanner): Promise<StreamStop> {
  const h = await wrapperHeader(ctx, Layer.Xend, XEND_HEADER_SIZE, (b) => XEND_HEADER_SIZE + Math.max(0, new DataView(b.buffer, b.byteOffset).getInt32(16, false)));
  if (!h) return { complete: false, next: ctx.size };
  const info = dissectXendHeader(new Dissection(h.bytes, 0, { littleEndian: true, tree: false, diags: ctx.diags, record: h.entry }));
  ctx.facts.containers.push('xend');
  if (info.config) ctx.facts.config = info.config;
  ctx.index.setNote(h.entry, `SXP config, ${h.length - XEND_HEADER_SIZE} bytes; stream at ${hex(h.length)}`);
  return legacy(ctx, h.length, 1);
}
