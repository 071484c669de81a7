/**
 * Legacy (pre-Xen-4.6) stream → stream v2, as a plan of bytes made here and slices of the input
 * (spec: legacy-stream.md §9). Works from the scan's index, so pages are never read; the result
 * is verified by scanning the plan before anyone writes it.
 */
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import { hex } from '../decoder/dissect/show.ts';
import { legacyEntryName } from '../decoder/legacy/kinds.ts';
import { Layer } from '../decoder/model/Layer.ts';
import { PlanSource } from '../decoder/output/PlanSource.ts';
import type { OutputPlan } from '../decoder/output/OutputPlan.ts';
import { scanStream, type ScanResult } from '../decoder/scan/scanStream.ts';
import { Conversion, ConversionRefused, type OutputFormat } from './Conversion.ts';
import { LEGACY_TO_V2 } from './legacyToV2.ts';

export { ConversionRefused, type OutputFormat } from './Conversion.ts';

export interface ConvertOptions {
  /** Default: xl for an xl save file (keeping its domain config), else libxl. */
  format?: OutputFormat;
  /** A Remus stream's checkpoint, numbered from 1; default the last complete one. */
  checkpoint?: 'last' | number;
}

export interface Converted {
  plan: OutputPlan;
  format: OutputFormat;
  /** The checkpoint converted, and how many complete ones the stream has. */
  checkpoint: number;
  checkpoints: number;
  /** What the conversion dropped or changed that the user should know. */
  warnings: string[];
  /** Our verify's verdict on the converted stream (it has no errors, or the conversion is refused). */
  verified: ScanResult;
}

/** Converts `scan` (the scan of `source`); throws ConversionRefused with the reason and offset. */
export async function convertLegacy(source: ByteSource, scan: ScanResult, options: ConvertOptions = {}): Promise<Converted> {
  if (!scan.facts.legacy) throw new ConversionRefused(`not a legacy (pre-Xen-4.6) stream but ${scan.facts.containers.join(' → ') || 'an unknown format'}: nothing to convert`, 0);
  const error = scan.diagnostics.find((d) => d.severity === 'error' && d.id !== 'CHECKPOINT_INCOMPLETE');
  if (error) throw new ConversionRefused(`the Xen 4.5 restorer would refuse this stream: ${error.id}: ${error.message}`, error.offset);
  const complete = scan.facts.checkpoints || (scan.facts.complete ? 1 : 0);
  if (complete === 0) throw new ConversionRefused('the stream holds no complete checkpoint', scan.size);
  const checkpoint = options.checkpoint === undefined || options.checkpoint === 'last' ? complete : options.checkpoint;
  if (!Number.isInteger(checkpoint) || checkpoint < 1 || checkpoint > complete) {
    throw new ConversionRefused(`there is no checkpoint ${checkpoint}: the stream holds ${complete} complete checkpoint${complete === 1 ? '' : 's'}, numbered from 1`, 0);
  }
  const format = options.format ?? (scan.format === 'xl' ? 'xl' : 'libxl');
  const xl = scan.format === 'xl' ? scan.index.get(0) : null;
  const xlHeader = xl ? await source.read(xl.offset, xl.length) : null;
  const c = new Conversion(source, scan, format, checkpoint - 1, xlHeader);

  for (let i = 0; i < scan.index.count; i++) {
    const e = scan.index.get(i);
    if (e.layer !== Layer.Legacy) continue;
    if (e.group > checkpoint - 1) break;
    const step = LEGACY_TO_V2[e.type];
    if (!step) throw new ConversionRefused(`${legacyEntryName(e.type)} at ${hex(e.offset)} cannot be converted`, e.offset);
    await step(c, e);
  }
  await c.finish();

  const verified = await scanStream(new PlanSource(c.out.plan, source, `${scan.name} (converted)`));
  const bad = verified.diagnostics.find((d) => d.severity === 'error');
  if (bad) throw new ConversionRefused(`the converted stream fails our verify (a converter bug, please report it): ${bad.id} at ${hex(bad.offset)} of the output: ${bad.message}`, 0);
  return { plan: c.out.plan, format, checkpoint, checkpoints: complete, warnings: c.warnings, verified };
}
