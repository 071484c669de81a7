/** `xen-stream verify`: is each file restorable, and if not, which bytes are wrong and why. */
import { hex, sizeText } from '../decoder/dissect/show.ts';
import type { Diagnostic } from '../decoder/model/Diagnostic.ts';
import { entryName } from '../decoder/names.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { scanStream, type ScanResult } from '../decoder/scan/scanStream.ts';
import type { ScanOptions } from '../decoder/scan/ScanContext.ts';
import { FileSource } from '../node/FileSource.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, progressMeter, type CliIo } from './io.ts';

export interface VerifyOptions {
  json: boolean;
  verbose: boolean;
  format: NonNullable<ScanOptions['format']>;
}

/** Scans a file on disk with a progress meter; throws on I/O errors. */
export async function scanFile(path: string, io: CliIo, format: VerifyOptions['format']): Promise<ScanResult> {
  const source = new FileSource(path);
  const meter = progressMeter(io.err, `scanning ${path}`);
  try {
    return await scanStream(source, { format, progressMs: 200, onProgress: (p) => meter.update(p.offset, p.size) });
  } finally {
    meter.clear();
    source.close();
  }
}

export async function verify(files: string[], opts: VerifyOptions, io: CliIo): Promise<number> {
  let status = EXIT_OK;
  for (const file of files) {
    let r: ScanResult;
    try {
      r = await scanFile(file, io, opts.format);
    } catch (e) {
      io.err.write(`xen-stream: ${file}: ${(e as Error).message}\n`);
      status = EXIT_USAGE;
      continue;
    }
    const valid = r.counts.error === 0;
    if (!valid && status === EXIT_OK) status = EXIT_INVALID;
    io.out.write(opts.json ? JSON.stringify(verifyJson(file, r)) + '\n' : verifyText(file, r, opts.verbose));
  }
  return status;
}

export function verifyJson(file: string, r: ScanResult): object {
  return {
    file,
    size: r.size,
    format: r.format,
    valid: r.counts.error === 0,
    records: r.index.count,
    bytesRead: r.bytesRead,
    description: describeFacts(r.facts),
    counts: r.counts,
    diagnostics: r.diagnostics.map((d) => ({ id: d.id, severity: d.severity, offset: d.offset, length: d.length, record: d.record, message: d.message })),
  };
}

function recordLabel(r: ScanResult, d: Diagnostic): string {
  if (d.record < 0) return '';
  const e = r.index.get(d.record);
  return `#${d.record} ${entryName(e.layer, e.type, e.flags)}: `;
}

export function verifyText(file: string, r: ScanResult, verbose: boolean): string {
  const lines = [`${file}: ${describeFacts(r.facts)}; ${r.index.count} records, ${sizeText(r.size)}`];
  const width = Math.max(8, hex(r.size).length);
  for (const d of r.diagnostics) {
    if (d.severity === 'info' && !verbose) continue;
    lines.push(`  ${d.severity.padEnd(7)} ${hex(d.offset).padStart(width)}  ${d.id}  ${recordLabel(r, d)}${d.message}`);
  }
  const { error, warning, info } = r.counts;
  const counts = `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} note${info === 1 ? '' : 's'}`;
  lines.push(`  ${error === 0 ? 'VALID' : 'INVALID'}: ${counts}${!verbose && info ? ' (-v shows notes)' : ''}`);
  if (verbose) lines.push(`  read ${sizeText(r.bytesRead)} of ${sizeText(r.size)} in ${r.reads} reads (${((100 * r.bytesRead) / Math.max(1, r.size)).toFixed(2)}%)`);
  return lines.join('\n') + '\n';
}
