/** `xen-stream vcpu`: each vCPU's registers, the code bytes around rip and the stack words, as xenctx shows them. */
import type { VcpuState } from '../decoder/memory/vcpus.ts';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io.ts';
import { hex64, openGuest, pickVcpu, type Guest } from './guest.ts';
import type { VerifyOptions } from './verify.ts';

/** xenctx prints 21 bytes before rip, the byte at rip and 10 after. */
const CODE_BEFORE = 21;
const CODE_AFTER = 10;
const STACK_WORDS = 16;

interface VcpuView {
  v: VcpuState;
  code: { bytes: Uint8Array } | { error: string };
  stack: { words: bigint[] } | { error: string };
}

async function view(g: Guest, v: VcpuState): Promise<VcpuView> {
  const ip = v.registers.get(v.width === 8 ? 'rip' : 'eip') ?? 0n;
  const sp = v.registers.get(v.width === 8 ? 'rsp' : 'esp') ?? 0n;
  if ('error' in v.space) return { v, code: { error: v.space.error }, stack: { error: v.space.error } };
  const code = await g.reader.readVirtual(v.space, ip - BigInt(CODE_BEFORE), CODE_BEFORE + 1 + CODE_AFTER);
  const stack = await g.reader.readVirtual(v.space, sp, STACK_WORDS * v.width);
  const words: bigint[] = [];
  if (stack.ok) {
    const dv = new DataView(stack.bytes.buffer, stack.bytes.byteOffset, stack.bytes.byteLength);
    for (let i = 0; i < STACK_WORDS; i++) words.push(v.width === 8 ? dv.getBigUint64(8 * i, true) : BigInt(dv.getUint32(4 * i, true)));
  }
  return { v, code: code.ok ? { bytes: code.bytes } : { error: code.reason }, stack: stack.ok ? { words } : { error: stack.reason } };
}

function text(x: VcpuView): string {
  const { v } = x;
  const mode = 'error' in v.space ? v.space.error : v.space.mode === 'off' ? 'paging off' : `${v.space.mode} paging`;
  const lines = [`vCPU ${v.id} (${v.kind === 'pv' ? 'PV' : 'HVM/PVH'}, ${v.width * 8}-bit registers, ${mode})`];
  for (const [name, value] of v.registers) lines.push(`  ${name.padEnd(15)}: ${hex64(value, v.width)}`);
  if ('bytes' in x.code) {
    const b = [...x.code.bytes].map((c, i) => (i === CODE_BEFORE ? `<${c.toString(16).padStart(2, '0')}>` : c.toString(16).padStart(2, '0')));
    lines.push(`  code: ${b.join(' ')}`);
  } else lines.push(`  code: unreadable: ${x.code.error}`);
  if ('words' in x.stack) {
    lines.push('  stack:');
    for (let i = 0; i < x.stack.words.length; i += 4) lines.push(`    ${x.stack.words.slice(i, i + 4).map((w) => hex64(w, v.width)).join(' ')}`);
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
