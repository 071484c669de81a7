/**
 * Guest memory for the Memory tab: bytes at a PFN, guest-physical or guest-virtual address
 * (through a vCPU's page tables), with each page touched named by its PFN, the file offset of
 * the copy read and the record holding it; or the reason it cannot be read (which table level,
 * a page not in the image).
 */
import type { GuestAddress } from '../../decoder/memory/guestAddress.ts';
import type { MemoryRead, PagePiece } from '../../decoder/memory/MemoryReader.ts';
import { PAGE_BYTES, type WalkStep } from '../../decoder/memory/paging.ts';
import type { Analysis } from './Analysis.ts';
import { memoryReader, sessionVcpus } from './sessionGuest.ts';

export interface GuestPiece extends PagePiece {
  /** Index entry of the record holding the copy read. */
  record: number;
}

export type GuestRead =
  | { ok: true; bytes: Uint8Array; pieces: GuestPiece[] }
  | { ok: false; bytes: Uint8Array; pieces: GuestPiece[]; address: bigint; level: string; reason: string; steps: WalkStep[] };

export interface GuestReadArgs {
  address: GuestAddress;
  length: number;
}

export const guestMemory: Analysis<GuestReadArgs, GuestRead> = {
  sessions: 1,
  async run([s], { address, length }) {
    const reader = memoryReader(s!);
    let read: MemoryRead;
    if (address.kind === 'virtual') {
      const v = (await sessionVcpus(s!)).find((x) => x.id === address.vcpu);
      if (!v || 'error' in v.space) {
        const reason = v && 'error' in v.space ? `vCPU ${v.id}'s addresses cannot be translated: ${v.space.error}` : `there is no vCPU ${address.vcpu} in this image`;
        return { ok: false, bytes: new Uint8Array(0), pieces: [], address: address.address, level: 'vcpu', reason, steps: [] };
      }
      read = await reader.readVirtual(v.space, address.address, length);
    } else read = await reader.readPhysical(address.kind === 'pfn' ? address.pfn * PAGE_BYTES : address.address, length);
    const pieces = read.pieces.map((p) => ({ ...p, record: s!.index.entryAt(p.fileOffset) }));
    return { ...read, pieces };
  },
  transfer: (reply) => [reply.bytes.buffer],
};
