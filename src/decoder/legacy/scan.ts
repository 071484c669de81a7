/**
 * Legacy (pre-Xen-4.6) streams. Not decoded yet: the rest of the file becomes one entry with a
 * warning, so nobody mistakes "no errors" for "checked".
 */
import { hex } from '../dissect/show.ts';
import type { StreamStop } from '../libxl/scan.ts';
import { Layer } from '../model/Layer.ts';
import type { ScanContext } from '../scan/ScanContext.ts';

export const LegacyEntry = { Stream: 0 } as const;

export function scanLegacy(ctx: ScanContext, at: number, depth: number): Promise<StreamStop> {
  const entry = ctx.entry(at, ctx.size - at, Layer.Legacy, LegacyEntry.Stream, depth);
  ctx.facts.containers.push('legacy');
  ctx.problem('LEGACY_NOT_DECODED', at, 0, entry, `legacy (pre-Xen-4.6) stream from ${hex(at)}: not decoded yet, so none of its ${ctx.size - at} bytes were checked`);
  return Promise.resolve({ complete: true, next: ctx.size });
}
