/** An xl save file: the xl header, then a libxl stream (STREAMv2) or a legacy stream. */
import { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import type { FormatKind } from '../core/FormatKind.ts';
import type { ScanContext, StreamScanner, StreamStop } from '../core/ScanContext.ts';
import { Layer } from '../model/Layer.ts';
import { dissectXlHeader, XL_FIXED_SIZE, XlFlag, XlHeader } from './header.ts';

/** Optional data beyond this is framed but not read (the config is a few KiB in practice). */
const OPTIONAL_DATA_READ_MAX = 16 * 1024 * 1024;

/** What may follow an xl header, given by the composer (scan/), which knows every format. */
export interface XlPayloads {
  /** Which format starts at `at`. */
  detect(ctx: ScanContext, at: number): Promise<FormatKind>;
  libxl: StreamScanner;
  libxc: StreamScanner;
  legacy: StreamScanner;
}

export async function scanXl(ctx: ScanContext, streams: XlPayloads): Promise<StreamStop> {
  const fixed = await ctx.reader.bytes(0, XL_FIXED_SIZE);
  const optLen = fixed.length >= XL_FIXED_SIZE ? new DataView(fixed.buffer, fixed.byteOffset).getUint32(44, true) : 0;
  const total = XL_FIXED_SIZE + optLen;
  const entry = ctx.entry(0, total, Layer.Xl, XlHeader.Header, 0, { header: true });
  if (fixed.length < XL_FIXED_SIZE) {
    ctx.index.truncate(entry, ctx.size);
    ctx.problem('XL_TRUNCATED', ctx.size, 0, entry, `file ends at ${hex(ctx.size)}, inside the 48-byte fixed part of the xl header`);
    return { complete: false, next: ctx.size };
  }
  if (total > ctx.size) {
    ctx.index.truncate(entry, ctx.size);
    ctx.problem('XL_TRUNCATED', ctx.size, 0, entry, `file ends at ${hex(ctx.size)}, inside the xl header's ${optLen} bytes of optional data (${total - ctx.size} bytes missing)`);
    dissectXlHeader(new Dissection(fixed, 0, { littleEndian: true, tree: false, diags: ctx.diags, record: entry }));
    return { complete: false, next: ctx.size };
  }
  const bytes = await ctx.reader.bytes(0, Math.min(total, XL_FIXED_SIZE + OPTIONAL_DATA_READ_MAX));
  const info = dissectXlHeader(new Dissection(bytes, 0, { littleEndian: true, tree: false, diags: ctx.diags, record: entry }));
  if (!info.isXl) {
    ctx.problem('STREAM_UNREADABLE', 0, 32, entry, 'not an xl save file (no xl magic), so decoding stops');
    return { complete: false, next: 0 };
  }
  ctx.facts.containers.push('xl');
  ctx.facts.xl = { mandatoryFlags: info.mandatoryFlags, optionalDataLength: optLen };
  if (info.config) ctx.facts.config = info.config;
  const c = info.config;
  ctx.index.setNote(entry, `flags ${info.mandatoryFlags & XlFlag.JSON ? 'JSON' : 'text'}${info.mandatoryFlags & XlFlag.STREAMV2 ? ' + STREAMv2' : ', legacy stream'}${c?.name ? `, domain ${c.name}` : ''}${c?.type ? ` (${c.type})` : ''}`);

  const v2 = (info.mandatoryFlags & XlFlag.STREAMV2) !== 0;
  const payload = await streams.detect(ctx, total);
  if (v2) {
    if (payload === 'libxc') {
      ctx.problem('XL_STREAM_MISMATCH', 36, 4, entry, 'the STREAMv2 flag says a libxl stream follows, but a bare libxc stream starts here: xl restore would fail at the libxl header');
      return streams.libxc(ctx, total, 1);
    }
    if (payload === 'legacy') {
      ctx.problem('XL_STREAM_MISMATCH', 36, 4, entry, 'the STREAMv2 flag says a libxl stream follows, but what starts here looks like a legacy (pre-4.6) stream: xl restore would fail at the libxl header instead of converting it');
      return streams.legacy(ctx, total, 1);
    }
    return streams.libxl(ctx, total, 1);
  }
  if (payload === 'libxl' || payload === 'libxc') {
    ctx.problem('XL_STREAM_MISMATCH', 36, 4, entry, `the STREAMv2 flag is clear, so xl restore would convert the rest as a legacy stream, but a ${payload} v2 stream starts at ${hex(total)}: the conversion would fail`);
    return payload === 'libxl' ? streams.libxl(ctx, total, 1) : streams.libxc(ctx, total, 1);
  }
  return streams.legacy(ctx, total, 1);
}
