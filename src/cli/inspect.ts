/** `xen-stream inspect`: every record, one line each, or with field trees as JSON. */
import { decodeEntry } from '../decoder/decodeEntry.ts';
import { hex } from '../decoder/dissect/show.ts';
import { fieldToJson } from '../decoder/model/Field.ts';
import { LAYER_NAMES } from '../decoder/model/Layer.ts';
import { EntryFlag } from '../decoder/model/RecordIndex.ts';
import { entryName, entrySummary } from '../decoder/names.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { FileSource } from '../node/FileSource.ts';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io.ts';
import { scanFile, type VerifyOptions } from './verify.ts';

export async function inspect(file: string, opts: Pick<VerifyOptions, 'json' | 'format' | 'legacy'>, io: CliIo): Promise<number> {
  const r = await scanFile(file, io, opts);
  // Rows with an error get "!", with a warning "?"; notes (info) mark nothing.
  const problems = new Map<number, string>();
  for (const d of r.diagnostics) if (d.record >= 0 && d.severity !== 'info' && problems.get(d.record) !== 'error') problems.set(d.record, d.severity);
  if (!opts.json) {
    io.out.write(`# ${file}: ${describeFacts(r.facts)}; ${r.index.count} records\n`);
    io.out.write(`# ${'offset'.padStart(12)}  ${'layer'.padEnd(7)} ${'type'.padEnd(26)} ${'length'.padStart(10)}  summary\n`);
    for (let i = 0; i < r.index.count; i++) {
      const e = r.index.get(i);
      const mark = problems.get(i) === 'error' ? '!' : problems.has(i) ? '?' : ' ';
      const name = '  '.repeat(e.depth) + entryName(e.layer, e.type, e.flags);
      io.out.write(`${mark} ${hex(e.offset).padStart(12)}  ${LAYER_NAMES[e.layer].padEnd(7)} ${name.padEnd(26)} ${String(e.length).padStart(10)}  ${entrySummary(e)}\n`);
    }
    return r.counts.error ? EXIT_INVALID : EXIT_OK;
  }
  // Written record by record: a big file's field trees never sit in memory all at once.
  const source = new FileSource(file);
  try {
    const head = { file, size: r.size, format: r.format, description: describeFacts(r.facts), facts: r.facts, valid: r.counts.error === 0 };
    io.out.write(JSON.stringify(head).slice(0, -1) + ',"records":[');
    for (let i = 0; i < r.index.count; i++) {
      const e = r.index.get(i);
      const fields = await decodeEntry(source, e, r.facts);
      const rec = {
        index: i,
        offset: e.offset,
        length: e.length,
        layer: LAYER_NAMES[e.layer],
        type: e.type,
        name: entryName(e.layer, e.type, e.flags),
        depth: e.depth,
        checkpoint: e.group,
        truncated: (e.flags & EntryFlag.Truncated) !== 0,
        summary: entrySummary(e),
        fields: fields.map(fieldToJson),
      };
      io.out.write((i ? ',' : '') + JSON.stringify(rec));
    }
    io.out.write('],"diagnostics":' + JSON.stringify(r.diagnostics) + '}\n');
  } finally {
    source.close();
  }
  return r.counts.error ? EXIT_INVALID : EXIT_OK;
}
