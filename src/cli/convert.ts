/** `xen-stream convert`: a legacy (pre-Xen-4.6) image as a stream v2 that a current Xen restores. */
import { resolve } from 'node:path';
import { convertLegacy, ConversionRefused, type ConvertOptions } from '../convert/convertLegacy.ts';
import { hex, sizeText } from '../decoder/dissect/show.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { FileSource } from '../node/FileSource.ts';
import { writePlan } from '../node/writePlan.ts';
import { aboutFile, EXIT_INVALID, EXIT_OK, EXIT_USAGE, progressMeter, UsageError, type CliIo } from './io.ts';
import { scanFile, type VerifyOptions } from './verify.ts';

export type ConvertCliOptions = ConvertOptions & Pick<VerifyOptions, 'legacy'>;

export async function convert(input: string, output: string, opts: ConvertCliOptions, io: CliIo): Promise<number> {
  if (resolve(input) === resolve(output)) throw new UsageError('OUT must not be IN: the input is read while the output is written');
  let source: FileSource | undefined;
  try {
    const scan = await scanFile(input, io, { format: 'auto', ...(opts.legacy ? { legacy: opts.legacy } : {}) });
    source = new FileSource(input);
    const c = await convertLegacy(source, scan, opts);
    for (const w of c.warnings) io.err.write(`xen-stream: ${input}: warning: ${w}\n`);
    const meter = progressMeter(io.err, `writing ${output}`);
    try {
      await writePlan(c.plan, source, output, (done, total) => meter.update(done, total));
    } finally {
      meter.clear();
    }
    const v = c.verified;
    const which = c.checkpoints > 1 ? `checkpoint ${c.checkpoint} of ${c.checkpoints}` : 'the stream';
    io.out.write(`${input} → ${output}: ${which} as ${c.format === 'xl' ? 'an xl save file' : `a ${c.format} stream`}, ${sizeText(c.plan.size)}\n`);
    io.out.write(`  verified: ${describeFacts(v.facts)}; ${v.index.count} records, ${v.counts.error} errors, ${v.counts.warning} warnings\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ConversionRefused) {
      io.err.write(`xen-stream: ${input}: cannot convert (at ${hex(e.offset)}): ${e.message}\n`);
      return EXIT_INVALID;
    }
    if (e instanceof UsageError) throw e;
    io.err.write(`xen-stream: ${aboutFile(input, (e as Error).message)}\n`);
    return EXIT_USAGE;
  } finally {
    source?.close();
  }
}
