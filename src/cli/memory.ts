/** `xen-stream memory`: guest memory at a virtual (through a vCPU's page tables) or physical address. */
import type { MemoryRead } from '../decoder/memory/MemoryReader.ts';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from './io.ts';
import { registerHex } from '../decoder/memory/vcpuSnapshot.ts';
import { openGuest, pickVcpu } from './guest.ts';
import type { VerifyOptions } from './verify.ts';

export interface MemoryOptions extends Pick<VerifyOptions, 'format' | 'legacy'> {
  address: bigint;
  length: number;
  physical: boolean;
  vcpu: number;
  output: 'hex' | 'raw' | 'json';
}

/** 16 bytes a line: address, hex, printable ASCII. */
function hexDump(start: bigint, bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = [...bytes.subarray(i, i + 16)];
    const hexes = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${registerHex(start + BigInt(i)).slice(2)}  ${hexes.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n') + '\n';
}

export async function memory(file: string, opts: MemoryOptions, io: CliIo): Promise<number> {
  if (opts.length <= 0 || opts.length > 16 << 20) throw new UsageError('--length must be between 1 and 16777216');
  const g = await openGuest(file, io, opts);
  try {
    let read: MemoryRead;
    if (opts.physical) {
      if (opts.address > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError('a guest-physical address must be below 2^53');
      read = await g.reader.readPhysical(Number(opts.address), opts.length);
    } else {
      const v = pickVcpu(g, opts.vcpu);
      if ('error' in v.space) {
        io.err.write(`xen-stream: cannot translate through vCPU ${v.id}: ${v.space.error}\n`);
        return EXIT_INVALID;
      }
      read = await g.reader.readVirtual(v.space, opts.address, opts.length);
    }
    if (!read.ok) {
      io.err.write(`xen-stream: cannot read ${registerHex(read.address)} (${read.level}): ${read.reason}\n`);
      return EXIT_INVALID;
    }
    if (opts.output === 'raw') io.out.write(read.bytes);
    else if (opts.output === 'hex') io.out.write(hexDump(opts.address, read.bytes));
    else {
      const pages = read.pieces.map((p) => ({ pfn: p.pfn, fileOffset: p.fileOffset, physical: `0x${p.physical.toString(16)}`, ...(p.virtual === undefined ? {} : { virtual: `0x${p.virtual.toString(16)}` }), length: p.length }));
      io.out.write(JSON.stringify({ address: `0x${opts.address.toString(16)}`, space: opts.physical ? 'physical' : `vcpu ${opts.vcpu}`, length: read.bytes.length, bytes: Buffer.from(read.bytes).toString('hex'), pages }) + '\n');
    }
    return EXIT_OK;
  } finally {
    g.source.close();
  }
}
