/** `xen-stream inspect --stats`: what a file holds, in numbers (the explorer's statistics panel). */
import { hex, sizeText } from '../decoder/dissect/show.ts';
import { pfnCensus, type StreamStatistics } from '../decoder/overview/statistics.ts';
import { describeFacts } from '../decoder/scan/facts.ts';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io.ts';
import { scanFile, type VerifyOptions } from './verify.ts';

export async function inspectStats(file: string, opts: Pick<VerifyOptions, 'json' | 'format' | 'legacy'>, io: CliIo): Promise<number> {
  const r = await scanFile(file, io, { ...opts, memory: true, summary: true });
  const stats = r.summary!.statistics(r.facts, pfnCensus(r.memory!));
  io.out.write(opts.json ? JSON.stringify({ file, size: r.size, description: describeFacts(r.facts), ...stats }) + '\n' : statsText(file, describeFacts(r.facts), stats));
  return r.counts.error ? EXIT_INVALID : EXIT_OK;
}

function statsText(file: string, description: string, s: StreamStatistics): string {
  const lines = [`# ${file}: ${description}`, `${'record type'.padEnd(28)} ${'count'.padStart(9)} ${'bytes'.padStart(14)}`];
  const byBytes = Object.entries(s.records).sort((a, b) => b[1].bytes - a[1].bytes);
  for (const [name, { count, bytes }] of byBytes) lines.push(`${name.padEnd(28)} ${String(count).padStart(9)} ${String(bytes).padStart(14)}  ${sizeText(bytes)}`);
  lines.push('', `pages: ${s.pages.records} page records, ${s.pages.entries} PFN entries, ${s.pages.withData} with data`);
  if (s.pfns) {
    const types = Object.entries(s.pfns.types).map(([t, n]) => `${t} ${n}`).join(', ');
    lines.push(`PFNs: ${s.pfns.distinct} with data, max ${hex(s.pfns.max)} (${sizeText(s.pfns.memoryBytes)} of guest memory); ${s.pfns.named} named, ${s.pfns.resent} more than once; by last type: ${types}`);
  }
  lines.push(`checkpoints: ${s.checkpoints}, vCPUs: ${s.vcpus}, rounds: ${s.rounds.length}`);
  if (s.rounds.length) {
    lines.push(`  ${'round'.padStart(5)} ${'checkpoint'.padStart(10)} ${'records'.padStart(8)} ${'pages'.padStart(9)} ${'bytes'.padStart(14)}  PFNs`);
    s.rounds.forEach((r, i) => lines.push(`  ${String(i).padStart(5)} ${String(r.checkpoint).padStart(10)} ${String(r.records).padStart(8)} ${String(r.pages).padStart(9)} ${String(r.bytes).padStart(14)}  ${hex(r.minPfn)}–${hex(r.maxPfn)}`));
  }
  lines.push('largest records:');
  for (const x of s.largest) lines.push(`  #${x.record} ${x.name} at ${hex(x.offset)}: ${x.length} bytes (${sizeText(x.length)})`);
  return lines.join('\n') + '\n';
}
