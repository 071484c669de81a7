/** `xen-stream vcpu`: each vCPU's registers, the code bytes around rip and the stack words, as xenctx shows them. */
import { CODE_BEFORE, describeSpace, registerHex, vcpuSnapshot, type VcpuSnapshot } from '../decoder/memory/vcpuSnapshot.ts';
import type { VcpuState } from '../decoder/memory/vcpus.ts';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io.ts';
import { openGuest, pickVcpu, type Guest } from './guest.ts';
import type { VerifyOptions } from './verify.ts';

interface VcpuView extends VcpuSnapshot {
  v: VcpuState;
}

const view = async (g: Guest, v: VcpuState): Promise<VcpuView> => ({ v, ...(await vcpuSnapshot(g.reader, v)) });

function text(x: VcpuView): string {
  const { v } = x;
  const lines = [`vCPU ${v.id} (${v.kind === 'pv' ? 'PV' : 'HVM/PVH'}, ${v.width * 8}-bit registers, ${describeSpace(v)})`];
  for (const [name, value] of v.registers) lines.push(`  ${name.padEnd(15)}: ${registerHex(value, v.width)}`);
  if ('bytes' in x.code) {
    const b = [...x.code.bytes].map((c, i) => (i === CODE_BEFORE ? `<${c.toString(16).padStart(2, '0')}>` : c.toString(16).padStart(2, '0')));
    lines.push(`  code: ${b.join(' ')}`);
  } else lines.push(`  code: unreadable: ${x.code.error}`);
  if ('words' in x.stack) {
    lines.push('  stack:');
    for (let i = 0; i < x.stack.words.length; i += 4) lines.push(`    ${x.stack.words.slice(i, i + 4).map((w) => registerHex(w, v.width)).join(' ')}`);
  } else lines.push(`  stack: unreadable: ${x.stack.error}`);
  return lines.join('\n') + '\n';
}

function json(x: VcpuView): object {
  const o: Record<string, unknown> = { vcpu: x.v.id };
  for (const [name, value] of x.v.registers) o[name] = `0x${value.toString(16)}`;
  o.code = 'bytes' in x.code ? Buffer.from(x.code.bytes).toString('hex') : { error: x.code.error };
  o.stack = 'words' in x.stack ? x.stack.words.map((w) => `0x${w.toString(16)}`) : { error: x.stack.error };
  return o;
}

export async function vcpu(file: string, opts: Pick<VerifyOptions, 'format' | 'legacy'> & { vcpu?: number; json: boolean }, io: CliIo): Promise<number> {
  const g = await openGuest(file, io, opts);
  try {
    const chosen = opts.vcpu === undefined ? g.vcpus : [pickVcpu(g, opts.vcpu)];
    if (!chosen.length) {
      io.err.write(`xen-stream: ${file}: the image holds no vCPU state\n`);
      return EXIT_INVALID;
    }
    const views = await Promise.all(chosen.map((v) => view(g, v)));
    if (opts.json) io.out.write(JSON.stringify(opts.vcpu === undefined ? views.map(json) : json(views[0]!)) + '\n');
    else io.out.write(views.map(text).join('\n'));
    return EXIT_OK;
  } finally {
    g.source.close();
  }
}
