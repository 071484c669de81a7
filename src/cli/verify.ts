/** `xen-stream verify`: is each file restorable, and if not, which bytes are wrong and why. */
import { hex, sizeText } from '../decoder/dissect/show.ts';
import type { LegacyOverride } from '../decoder/legacy/shape.ts';
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
  /** Toolstack width and guest type of a legacy stream, when the inferred ones are wrong. */
  legacy?: LegacyOverride;
}

/** Scans a file on disk with a progress meter; throws on I/O errors. */
export async function scanFile(path: string, io: CliIo, opts: Pick<VerifyOptions, 'format' | 'legacy'> & { memory?: boolean }): Promise<ScanResult> {
  const source = new FileSource(path);
  const meter = progressMeter(io.err, `scanning ${path}`);
  try {
    return await scanStream(source, { format: opts.format, ...(opts.legacy ? { legacy: opts.legacy } : {}), memory: !!opts.memory, progressMs: 200, onProgress: (p) => meter.update(p.offset, p.size) });
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
      r = await scanFile(file, io, opts);
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

/**
 * One file's verdict for scripts. `format` is the stream's format: "legacy" for a pre-4.6 stream
 * in any container (with how its width and guest type were decided under `legacy`), else the
 * outermost container's; `container` is always the outermost container.
 */
export function verifyJson(file: string, r: ScanResult): object {
  const l = r.facts.legacy;
  return {
    file,
    size: r.size,
    format: l ? 'legacy' : r.format,
    container: r.format,
    ...(l
      ? {
          legacy: {
            width: l.width * 8,
            guest: l.guest,
            ...(l.guestWidth ? { guestWidth: l.guestWidth * 8 } : {}),
            widthFrom: l.widthFrom,
            guestFrom: l.guestFrom,
            decidedBy: l.decidedBy,
          },
        }
      : {}),
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
