/**
 * What a vCPU was doing, as xenctx shows it: the code bytes around its instruction pointer (21
 * before, the byte at it, 10 after) and the stack words from its stack pointer, read through
 * its own page tables. The CLI's `vcpu` and the explorer's vCPUs tab both show this.
 */
import type { MemoryReader, PagePiece } from './MemoryReader.ts';
import type { VcpuState } from './vcpus.ts';

/** xenctx prints 21 bytes before rip, the byte at rip and 10 after. */
export const CODE_BEFORE = 21;
export const CODE_AFTER = 10;
export const STACK_WORDS = 16;

export interface VcpuSnapshot {
  /** Bytes from ip − CODE_BEFORE, or why they cannot be read. */
  code: { address: bigint; bytes: Uint8Array; pieces: PagePiece[] } | { error: string };
  /** Words (of the vCPU's width) from sp, or why they cannot be read. */
  stack: { address: bigint; words: bigint[]; pieces: PagePiece[] } | { error: string };
}

/** The instruction and stack pointers, by the names the vCPU's width gives them. */
export function pointers(v: VcpuState): { ip: bigint; sp: bigint } {
  const p = v.width === 8 ? 'r' : 'e';
  return { ip: v.registers.get(`${p}ip`) ?? 0n, sp: v.registers.get(`${p}sp`) ?? 0n };
}

export async function vcpuSnapshot(reader: MemoryReader, v: VcpuState): Promise<VcpuSnapshot> {
  if ('error' in v.space) return { code: { error: v.space.error }, stack: { error: v.space.error } };
  const { ip, sp } = pointers(v);
  const codeAt = ip - BigInt(CODE_BEFORE);
  const code = await reader.readVirtual(v.space, codeAt, CODE_BEFORE + 1 + CODE_AFTER);
  const stack = await reader.readVirtual(v.space, sp, STACK_WORDS * v.width);
  let words: bigint[] = [];
  if (stack.ok) {
    const dv = new DataView(stack.bytes.buffer, stack.bytes.byteOffset, stack.bytes.byteLength);
    words = Array.from({ length: STACK_WORDS }, (_, i) => (v.width === 8 ? dv.getBigUint64(8 * i, true) : BigInt(dv.getUint32(4 * i, true))));
  }
  return {
    code: code.ok ? { address: codeAt, bytes: code.bytes, pieces: code.pieces } : { error: code.reason },
    stack: stack.ok ? { address: sp, words, pieces: stack.pieces } : { error: stack.reason },
  };
}

/** A register value as xenctx prints it: 0x and all the digits of the vCPU's width. */
export const registerHex = (v: bigint, width: 4 | 8 = 8): string => `0x${v.toString(16).padStart(width * 2, '0')}`;

/** How a vCPU's addresses are translated, in words ("long paging", "paging off", or why not). */
export function describeSpace(v: VcpuState): string {
  if ('error' in v.space) return v.space.error;
  return v.space.mode === 'off' ? 'paging off' : v.space.mode === 'long5' ? '5-level long paging' : `${v.space.mode} paging`;
}
