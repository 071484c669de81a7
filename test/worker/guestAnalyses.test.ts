/**
 * The worker's guest analyses and memory export, over the real protocol (in-process): on a
 * generated HVM guest whose page tables and page contents are known, and on the real HVM image,
 * where what the analyses say must match the file's own bytes.
 */
import { openAsBlob } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldAt } from '../../src/decoder/model/Field.ts';
import { ScanClient, type ScanEvent } from '../../src/ui/scan/scanClient.ts';
import type { ScanInput } from '../../src/worker/protocol.ts';
import { localWorker } from '../ui/support/localWorker.ts';
import { known, longModeGuest, rip, rsp } from '../support/longModeGuest.ts';
import { realImage } from '../support/shared.ts';

/** Opens `input` in a worker and waits for its scan to finish. */
async function opened(input: ScanInput) {
  let finished!: (e: ScanEvent) => void;
  const done = new Promise<ScanEvent>((r) => (finished = r));
  const client = new ScanClient(localWorker(), (e) => e.type === 'done' && finished(e));
  const session = client.openSession(input);
  await done;
  return { client, session };
}

const bytesOf = async (blob: Blob, offset: number, length: number) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());

describe('guest analyses on a generated HVM guest in long mode', () => {
  const stream = longModeGuest();
  const file = new Blob([stream as Uint8Array<ArrayBuffer>]);
  const input: ScanInput = { kind: 'file', file, name: 'hvm.save' };

  it('vcpus: registers by xenctx name, the 32 code bytes around rip and the stack words from rsp', async () => {
    const { client, session } = await opened(input);
    const all = await client.analyse('vcpus', [session], {});
    expect(all.map((v) => v.id)).toEqual([0, 1]);
    const v = all[0]!;
    expect(v).toMatchObject({ kind: 'hvm', width: 8, paging: 'long paging', ip: rip, sp: rsp });
    expect(new Map(v.registers).get('cr3')).toBe(BigInt(200 * 4096));
    expect('bytes' in v.code && [...v.code.bytes]).toEqual([...known(30).subarray(0x40 - 21, 0x40 + 11)]);
    // 16 words from 0x…3f80 end exactly at the page's end: all in PFN 31.
    const words = [...known(31).subarray(0xf80)];
    const expected = Array.from({ length: 16 }, (_, i) => words.slice(8 * i, 8 * i + 8).reduceRight((a, b) => (a << 8n) | BigInt(b), 0n));
    expect('words' in v.stack && v.stack.words).toEqual(expected);
    // The record named holds the registers: vCPU 0's rip field is in its tree.
    const names = JSON.stringify(await client.request(session, 'decode', { record: v.record }), (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    expect(names).toContain('"name":"CPU[0]"');
  });

  it('guestMemory reads a virtual page naming its PFN, the copy read and the record holding it', async () => {
    const { client, session } = await opened(input);
    const read = await client.analyse('guestMemory', [session], { address: { kind: 'virtual', address: 0xffffc90000003000n, vcpu: 1 }, length: 4096 });
    expect(read.ok).toBe(true);
    expect([...read.bytes]).toEqual([...known(31)]);
    expect(read.pieces).toHaveLength(1);
    const p = read.pieces[0]!;
    expect(p).toMatchObject({ pfn: 31, physical: 31 * 4096, virtual: 0xffffc90000003000n, length: 4096 });
    expect(await bytesOf(file, p.fileOffset, 4096)).toEqual(known(31));
    // The record named holds the copy: one of its fields covers the page's first byte.
    expect(fieldAt(await client.request(session, 'decode', { record: p.record }), p.fileOffset)).not.toBeNull();
  });

  it('guestMemory says why a page cannot be read: not sent, unmapped, no such vCPU', async () => {
    const { client, session } = await opened(input);
    const missing = await client.analyse('guestMemory', [session], { address: { kind: 'pfn', pfn: 32 }, length: 4096 });
    expect(missing).toMatchObject({ ok: false, level: 'page', reason: 'PFN 0x20 was never sent in this image' });
    const unmapped = await client.analyse('guestMemory', [session], { address: { kind: 'virtual', address: 0xffffc90000005000n, vcpu: 0 }, length: 16 });
    expect(unmapped).toMatchObject({ ok: false, level: 'L1' });
    expect(!unmapped.ok && unmapped.reason).toMatch(/not present/);
    const noVcpu = await client.analyse('guestMemory', [session], { address: { kind: 'virtual', address: rip, vcpu: 7 }, length: 16 });
    expect(noVcpu).toMatchObject({ ok: false, level: 'vcpu', reason: 'there is no vCPU 7 in this image' });
  });

  it('exportMemory: a raw image with each page at PFN × 4096, and an ELF core, as Blobs of the file', async () => {
    const { client, session } = await opened(input);
    const raw = await client.request(session, 'exportMemory', { format: 'raw' });
    expect(raw.ok).toBe(true);
    if (!raw.ok) return;
    expect(raw.blob.size).toBe(256 * 4096);
    expect(await bytesOf(raw.blob, 31 * 4096, 4096)).toEqual(known(31));
    // PFN 32 was never sent: a hole of zeros.
    expect(await bytesOf(raw.blob, 32 * 4096, 4096)).toEqual(new Uint8Array(4096));
    const elf = await client.request(session, 'exportMemory', { format: 'elf' });
    expect(elf.ok && [...(await bytesOf(elf.blob, 0, 4))]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });
});

describe('guest analyses on the real images', () => {
  it.each(['hvm', 'pv'] as const)("%s: vCPU 0's code and stack read back as the file's bytes at the copies named", async (image) => {
    const file = await openAsBlob(await realImage(image));
    const { client, session } = await opened({ kind: 'file', file, name: `${image}.save` });
    const [v] = await client.analyse('vcpus', [session], {});
    // Both guests are 64-bit and in long mode (a PV guest's page tables are PFN-based, 4 levels).
    expect(v!.paging).toBe('long paging');
    expect('bytes' in v!.code).toBe(true);
    expect('words' in v!.stack).toBe(true);
    const read = await client.analyse('guestMemory', [session], { address: { kind: 'virtual', address: v!.sp, vcpu: 0 }, length: 64 });
    expect(read.ok).toBe(true);
    let at = 0;
    for (const p of read.pieces) {
      expect(await bytesOf(file, p.fileOffset, p.length)).toEqual(read.bytes.subarray(at, at + p.length));
      at += p.length;
    }
    // The first stack word is what the vCPUs tab shows.
    const first = new DataView(read.bytes.buffer, read.bytes.byteOffset).getBigUint64(0, true);
    expect('words' in v!.stack && v!.stack.words[0]).toBe(first);
  });
});
