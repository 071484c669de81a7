/** `xen-stream verify`: is each file restorable, and if not, which bytes are wrong and why. */
import { statSync } from 'node:fs';
import { hex, sizeText } from '../decoder/dissect/show.ts';
import type { LegacyOverride } from '../decoder/legacy/shape.ts';
import type { Diagnostic } from '../decoder/model/Diagnostic.ts';
import { entryName } from '../decoder/names.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { scanStream, type ScanResult } from '../decoder/scan/scanStream.ts';
import type { ScanOptions } from '../decoder/scan/ScanState.ts';
import { FileSource } from '../node/FileSource.ts';
import { listFiles, type ListedFile } from './fileList.ts';
import { aboutFile, EXIT_INVALID, EXIT_OK, EXIT_USAGE, progressMeter, type CliIo, type Writer } from './io.ts';

export interface VerifyOptions {
  json: boolean;
  verbose: boolean;
  format: NonNullable<ScanOptions['format']>;
  /** Toolstack width and guest type of a legacy stream, when the inferred ones are wrong. */
  legacy?: LegacyOverride;
}

/** How `verify` goes through its files. */
export interface VerifyRun {
  /** Files verified at once, each on its own worker thread (1: in this thread, with a progress meter). */
  jobs: number;
  /** Walk directories (-r); without it a directory is reported as a usage problem. */
  recursive: boolean;
}

/** One file's result: its report (text or a JSON line) and verdict, or why it could not be read. */
/** A file for a worker to verify. */
export interface VerifyJob {
  path: string;
  problem?: string;
  opts: VerifyOptions;
}

export type VerifyOutcome = { file: string; report: string; valid: boolean; error?: undefined } | { file: string; error: string };

/** Scans a file on disk with a progress meter; throws on I/O errors. */
export async function scanFile(path: string, io: CliIo, opts: Pick<VerifyOptions, 'format' | 'legacy'> & { memory?: boolean; summary?: boolean }): Promise<ScanResult> {
  const source = new FileSource(path);
  const meter = progressMeter(io.err, `scanning ${path}`);
  try {
    return await scanStream(source, { format: opts.format, ...(opts.legacy ? { legacy: opts.legacy } : {}), memory: !!opts.memory, summary: !!opts.summary, progressMs: 200, onProgress: (p) => meter.update(p.offset, p.size) });
  } finally {
    meter.clear();
    source.close();
  }
}

export async function verify(paths: string[], opts: VerifyOptions, run: VerifyRun, io: CliIo): Promise<number> {
  let status = EXIT_OK;
  const report = (o: VerifyOutcome) => {
    if (o.error !== undefined) {
      io.err.write(`xen-stream: ${aboutFile(o.file, o.error)}\n`);
      status = EXIT_USAGE;
      return;
    }
    if (!o.valid && status === EXIT_OK) status = EXIT_INVALID;
    io.out.write(o.report);
  };
  const files = listFiles(paths, run.recursive);
  // One file is verified here: a worker thread would load the decoder again (about half a second,
  // more than a sparse 16 GiB image's scan takes) and could not show progress on the terminal.
  if (run.jobs > 1 && !isOneFile(paths)) {
    // Imported here: loading worker_threads costs a single file's verify a few milliseconds.
    const { runInWorkers, workerModule } = await import('./verifyPool.ts');
    await runInWorkers<VerifyJob, VerifyOutcome>(jobsOf(files, opts), {
      module: workerModule('verifyWorker'),
      threads: run.jobs,
      settle: (j) => (j.problem === undefined ? undefined : { file: j.path, error: j.problem }),
      crashed: (j, e) => ({ file: j.path, error: e.message }),
      done: report,
      here: (j) => verifyOne(j.path, j.opts),
    });
  } else for await (const { path, problem } of files) report(problem ? { file: path, error: problem } : await verifyOne(path, opts, io.err));
  return status;
}

function isOneFile(paths: string[]): boolean {
  try {
    return paths.length === 1 && statSync(paths[0]!).isFile();
  } catch {
    return false;
  }
}

async function* jobsOf(files: AsyncIterable<ListedFile>, opts: VerifyOptions): AsyncGenerator<VerifyJob> {
  for await (const f of files) yield { ...f, opts };
}

/** Verifies one file; `meter` shows progress on a terminal. Never throws: I/O errors are outcomes. */
export async function verifyOne(file: string, opts: VerifyOptions, meter: Writer = { write: () => undefined }): Promise<VerifyOutcome> {
  try {
    const r = await scanFile(file, { out: meter, err: meter }, opts);
    return { file, valid: r.counts.error === 0, report: opts.json ? JSON.stringify(verifyJson(file, r)) + '\n' : verifyText(file, r, opts.verbose) };
  } catch (e) {
    return { file, error: (e as Error).message };
  }
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
