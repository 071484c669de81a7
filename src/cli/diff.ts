/** `xen-stream diff`: what changed between two streams, or two checkpoints of one. */
import type { DiffSide } from '../decoder/diff/checkpoint.ts';
import type { PfnRun } from '../decoder/diff/pfnRuns.ts';
import { diffStreams, sameGuestState, type StreamDiff } from '../decoder/diff/streamDiff.ts';
import type { RecordRef } from '../decoder/diff/recordAlignment.ts';
import { hex } from '../decoder/dissect/show.ts';
import { PAGE_TYPE_NAMES } from '../decoder/core/pageTypes.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { FileSource } from '../node/FileSource.ts';
import { nativeSameBytes } from '../node/sameBytes.ts';
import { EXIT_INVALID, EXIT_OK, progressMeter, type CliIo } from './io.ts';
import { scanFile, type VerifyOptions } from './verify.ts';

export interface DiffCliOptions extends Pick<VerifyOptions, 'format' | 'legacy'> {
  json: boolean;
  /** Checkpoint of A and of B (from 1); null for the whole stream. */
  checkpoints: [number | null, number | null];
}

/** Runs listed in the text report; --json lists them all. */
const RUNS_SHOWN = 40;

const run = ([first, last]: PfnRun) => (first === last ? hex(first) : `${hex(first)}-${hex(last)}`);
const pageType = (t: number) => PAGE_TYPE_NAMES[t] ?? hex(t);
const ref = (r: RecordRef | null) => (r ? `#${r.index} at ${hex(r.offset)}` : '-');
const value = (v: string | null) => v ?? '(none)';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function runsLine(label: string, runs: PfnRun[]): string[] {
  if (!runs.length) return [];
  const shown = runs.slice(0, RUNS_SHOWN).map(run).join(', ');
  return [`  ${label}: ${shown}${runs.length > RUNS_SHOWN ? `, … ${runs.length - RUNS_SHOWN} more runs (--json lists all)` : ''}`];
}

/** Page-type changes as runs of consecutive PFNs with the same change. */
function typeRuns(changes: StreamDiff['typeChanges']): { run: PfnRun; a: number; b: number }[] {
  const out: { run: PfnRun; a: number; b: number }[] = [];
  for (const c of changes) {
    const last = out[out.length - 1];
    if (last && last.a === c.a && last.b === c.b && last.run[1] + 1 === c.pfn) last.run[1] = c.pfn;
    else out.push({ run: [c.pfn, c.pfn], a: c.a, b: c.b });
  }
  return out;
}

function text(d: StreamDiff, sides: DiffSide[], same: boolean): string {
  const p = d.pages;
  const r = d.records;
  const registers = d.vcpus.reduce((n, v) => n + Object.keys(v.changed).length, 0);
  const lines = sides.map((s, i) => `${'AB'[i]}: ${s.scan.name}${s.checkpoint === null ? '' : `, checkpoint ${s.checkpoint}`} (${describeFacts(s.scan.facts)})`);
  lines.push(
    `pages: ${p.same} same, ${p.changed} changed (${plural(p.changedBytes, 'byte differs', 'bytes differ')}), ${p.onlyA} only in A, ${p.onlyB} only in B${p.typeChanged ? `; ${plural(p.typeChanged, 'page type')} changed` : ''}`,
    `registers: ${registers} changed${d.vcpus.length ? ` on ${plural(d.vcpus.length, 'vCPU')}` : ''}`,
    `config: ${plural(d.config.length, 'key')} changed`,
    `records: ${r.same} same, ${r.changed.length} changed, ${r.onlyA.length} only in A, ${r.onlyB.length} only in B (page records: ${r.pageRecords.matched} matched, ${r.pageRecords.onlyA} only in A, ${r.pageRecords.onlyB} only in B)`,
    d.cancelled ? 'CANCELLED: the comparison stopped early' : same ? 'SAME guest state' : 'DIFFERENT guest state',
  );
  const details = [...runsLine('changed PFNs', d.changedPfns), ...runsLine('PFNs only in A', d.onlyAPfns), ...runsLine('PFNs only in B', d.onlyBPfns)];
  for (const t of typeRuns(d.typeChanges).slice(0, RUNS_SHOWN)) details.push(`  page types of PFNs ${run(t.run)}: ${pageType(t.a)} → ${pageType(t.b)}`);
  for (const v of d.vcpus) {
    if (v.only) details.push(`  vCPU ${v.vcpu}: only in ${v.only}`);
    else for (const [name, [a, b]] of Object.entries(v.changed)) details.push(`  vCPU ${v.vcpu} ${name}: ${value(a)} → ${value(b)}`);
  }
  for (const c of d.config) details.push(`  config ${c.path}: ${value(c.a)} → ${value(c.b)}`);
  for (const c of r.changed) {
    details.push(`  changed ${c.name}: A ${ref(c.a)}, B ${ref(c.b)}`);
    for (const f of c.fields) details.push(`    ${f.path}: ${value(f.a)} → ${value(f.b)}`);
    if (c.fieldsChanged > c.fields.length) details.push(`    … ${c.fieldsChanged - c.fields.length} more fields`);
  }
  for (const c of r.onlyA) details.push(`  only in A: ${c.name} ${ref(c.a)}`);
  for (const c of r.onlyB) details.push(`  only in B: ${c.name} ${ref(c.b)}`);
  if (details.length) lines.push('', 'details:', ...details);
  return lines.join('\n') + '\n';
}

function json(d: StreamDiff, sides: DiffSide[], same: boolean): string {
  const side = (s: DiffSide) => ({ file: s.scan.name, checkpoint: s.checkpoint });
  return (
    JSON.stringify({
      a: side(sides[0]!),
      b: side(sides[1]!),
      same,
      cancelled: d.cancelled,
      pages: d.pages,
      changedPfns: d.changedPfns,
      onlyAPfns: d.onlyAPfns,
      onlyBPfns: d.onlyBPfns,
      pageTypes: d.typeChanges,
      vcpus: d.vcpus,
      config: d.config,
      // The side-by-side rows are the explorer's view: entry numbers in columns, no use in JSON.
      records: { same: d.records.same, changed: d.records.changed, onlyA: d.records.onlyA, onlyB: d.records.onlyB, pageRecords: d.records.pageRecords },
    }) + '\n'
  );
}

export async function diff(files: [string, string], opts: DiffCliOptions, io: CliIo): Promise<number> {
  const sources: FileSource[] = [];
  try {
    const sides: DiffSide[] = [];
    for (const [i, file] of files.entries()) {
      const scan = await scanFile(file, io, { ...opts, memory: true });
      sources.push(new FileSource(file));
      sides.push({ source: sources[i]!, scan, checkpoint: opts.checkpoints[i]! });
    }
    const meter = progressMeter(io.err, 'comparing pages');
    let d: StreamDiff;
    try {
      // A checkpoint the stream does not have (CheckpointChoiceError) is said plainly, exit 2.
      d = await diffStreams(sides[0]!, sides[1]!, { progress: (done, total) => meter.update(done, total), sameBytes: nativeSameBytes });
    } finally {
      meter.clear();
    }
    const same = sameGuestState(d);
    io.out.write((opts.json ? json : text)(d, sides, same));
    return same ? EXIT_OK : EXIT_INVALID;
  } finally {
    for (const s of sources) s.close();
  }
}
