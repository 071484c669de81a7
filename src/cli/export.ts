/** `xen-stream export`: the guest's memory as an ELF core (with each vCPU's registers) or a raw sparse image. */
import { elfCorePlan, rawMemoryPlan } from '../decoder/memory/exportPlans.ts';
import { writePlan } from '../node/writePlan.ts';
import { EXIT_INVALID, EXIT_OK, progressMeter, type CliIo } from './io.ts';
import { openGuest } from './guest.ts';
import type { VerifyOptions } from './verify.ts';

export async function exportMemory(file: string, out: string, opts: Pick<VerifyOptions, 'format' | 'legacy'> & { as: 'elf' | 'raw' }, io: CliIo): Promise<number> {
  const g = await openGuest(file, io, opts);
  try {
    if (g.memory.maxPfn < 0) {
      io.err.write(`xen-stream: ${file}: the image holds no guest pages\n`);
      return EXIT_INVALID;
    }
    const plan = opts.as === 'elf' ? elfCorePlan(g.memory, g.vcpus) : rawMemoryPlan(g.memory);
    const meter = progressMeter(io.err, `exporting ${out}`);
    try {
      await writePlan(plan, g.source, out, (done, total) => meter.update(done, total));
    } finally {
      meter.clear();
    }
    const leftOut = g.memory.elsewhereCount();
    if (leftOut) io.err.write(`xen-stream: warning: ${leftOut} pages a Remus checkpoint sent compressed are not in ${out} (their contents are not decompressed here): convert the image first (xen-stream convert), then export the converted file\n`);
    return EXIT_OK;
  } finally {
    g.source.close();
  }
}
