/**
 * Wires the format scanners together: each container's scanner is handed the scanners of the
 * streams it may carry, so the format folders never import one another.
 */
import type { FormatKind } from '../core/FormatKind.ts';
import type { ScanContext, StreamStop } from '../core/ScanContext.ts';
import { legacyScanner } from '../legacy/scan.ts';
import type { LegacyOverride } from '../legacy/shape.ts';
import { carriedLibxc, scanLibxc } from '../libxc/scan.ts';
import { libxlScanner } from '../libxl/scan.ts';
import { scanLibvirt, scanXend } from '../wrappers/scan.ts';
import { scanXl } from '../xl/scan.ts';
import { DETECT_BYTES, detectFormat } from './detect.ts';

/** The formats this tool decodes. */
export type DecodedFormat = Exclude<FormatKind, 'xenopsd' | 'unknown'>;

/** A scanner for each format a file may start with; `legacyOverride` is what the user says of a legacy stream. */
export function formatScanners(legacyOverride: LegacyOverride | undefined): Record<DecodedFormat, (ctx: ScanContext) => Promise<StreamStop>> {
  const libxc = scanLibxc;
  const libxl = libxlScanner(carriedLibxc);
  const legacy = legacyScanner(legacyOverride);
  const detect = async (ctx: ScanContext, at: number) => detectFormat(await ctx.reader.bytes(at, DETECT_BYTES));
  return {
    xl: (ctx) => scanXl(ctx, { detect, libxl, libxc, legacy }),
    libxl: (ctx) => libxl(ctx, 0, 0),
    libxc: (ctx) => libxc(ctx, 0, 0),
    libvirt: (ctx) => scanLibvirt(ctx, { libxl, legacy }),
    xend: (ctx) => scanXend(ctx, legacy),
    legacy: (ctx) => legacy(ctx, 0, 0),
  };
}
