/**
 * `npm run bench:overview`: what the pictures cost on top of the scan, for a 64 GiB guest (16M
 * PFNs, 16384 PAGE_DATA records) and for one million records. Each stream is scanned alone,
 * then with the guest memory model and every overview built (rounds, statistics with the
 * per-PFN census, a 1600-pixel file map, a 1600×400 guest memory map). Goal: ≤ 10% over the
 * scan alone, in time; memory is reported (the model's columns are the guest memory map's data).
 */
import { binEntries } from '../src/decoder/overview/fileMap.ts';
import { binMemoryMap } from '../src/decoder/overview/memoryMap.ts';
import { findRounds } from '../src/decoder/overview/rounds.ts';
import { pfnCensus, streamStatistics } from '../src/decoder/overview/statistics.ts';
import { scanStream } from '../src/decoder/scan/scanStream.ts';
import { streamSource, type StreamSpec } from '../src/generator/index.ts';

const MiB = 2 ** 20;

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function measure(name: string, spec: StreamSpec): Promise<void> {
  const source = streamSource(spec);
  const base = heap();
  let t0 = performance.now();
  const plain = await scanStream(source);
  const scanMs = performance.now() - t0;
  const scanBytes = heap() - base;
  void plain;

  const base2 = heap();
  t0 = performance.now();
  const r = await scanStream(source, { memory: true });
  const modelScanMs = performance.now() - t0;
  const t1 = performance.now();
  const rounds = findRounds(r.index);
  const stats = streamStatistics(r.index, r.facts, pfnCensus(r.memory!));
  binEntries(r.index, { from: 0, to: r.size }, 1600, 7, (i) => r.index.layer(i));
  binMemoryMap(r.memory!, 0, stats.pfns!.max + 1, 1600 * 400, rounds.at(-1)?.offset);
  const overviewMs = performance.now() - t1;
  const allBytes = heap() - base2;

  const total = modelScanMs + overviewMs;
  const over = (total / scanMs - 1) * 100;
  console.log(`${name}: ${r.index.count} records, ${stats.pfns!.named} PFNs, ${rounds.length} round(s)`);
  console.log(`  scan alone:                 ${scanMs.toFixed(0)} ms, ${(scanBytes / MiB).toFixed(1)} MiB`);
  console.log(`  scan with the memory model: ${modelScanMs.toFixed(0)} ms; overviews after it ${overviewMs.toFixed(0)} ms`);
  console.log(`  all of it:                  ${total.toFixed(0)} ms (${over >= 0 ? '+' : ''}${over.toFixed(1)}% over the scan; goal ≤ 10%: ${over <= 10 ? 'met' : 'NOT MET'}), ${(allBytes / MiB).toFixed(1)} MiB`);
}

await measure('64 GiB HVM guest', { guest: 'hvm', pages: 16 * MiB, pageContent: 'zero' });
await measure('one million records', { guest: 'hvm', pages: MiB, batch: 1, pageContent: 'zero' });
