import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { OutputPlan } from '../../../src/decoder/output/OutputPlan.ts';
import { planBlob } from '../../../src/decoder/output/planBlob.ts';
import { writePlan } from '../../../src/node/writePlan.ts';

// A source of 64 KiB whose every byte says where it came from (offset mod 251).
const source = new MemorySource(Uint8Array.from({ length: 65536 }, (_, i) => i % 251));
const expected = (plan: OutputPlan) => {
  const out = new Uint8Array(plan.size);
  let at = 0;
  for (const p of plan.pieces) {
    if (p.kind === 'bytes') out.set(p.bytes, at);
    else if (p.kind === 'slice') out.set(source.bytes.subarray(p.offset, p.offset + p.length), at);
    at += p.kind === 'bytes' ? p.bytes.length : p.length;
  }
  return out;
};

function samplePlan(): OutputPlan {
  return new OutputPlan().bytes(Uint8Array.of(1, 2, 3)).slice(100, 50).slice(150, 10).zeros(3 * 1024 * 1024 + 5).slice(4096, 4096).bytes(Uint8Array.of(9));
}

describe('OutputPlan', () => {
  it('merges a slice that continues the previous one and adjacent zeros, and counts the size', () => {
    const plan = new OutputPlan().slice(0, 10).slice(10, 5).zeros(4).zeros(4).slice(100, 1);
    expect(plan.pieces).toEqual([
      { kind: 'slice', offset: 0, length: 15 },
      { kind: 'zeros', length: 8 },
      { kind: 'slice', offset: 100, length: 1 },
    ]);
    expect(plan.size).toBe(24);
  });

  it('as a Blob over the source: the same bytes, holes read as zeros', async () => {
    const plan = samplePlan();
    const blob = planBlob(plan, new Blob([source.bytes as Uint8Array<ArrayBuffer>]));
    expect(blob.size).toBe(plan.size);
    expect(Buffer.from(await blob.arrayBuffer()).equals(expected(plan))).toBe(true);
  });

  it('written by Node: the same bytes, zeros as a hole, renamed only when complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const plan = samplePlan();
    await writePlan(plan, source, join(dir, 'out.bin'));
    expect(readFileSync(join(dir, 'out.bin')).equals(expected(plan))).toBe(true);
    expect(statSync(join(dir, 'out.bin')).blocks * 512).toBeLessThan(1024 * 1024);
    expect(existsSync(join(dir, 'out.bin.partial'))).toBe(false);
  });

  it('a slice past the end of the source fails and leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const plan = new OutputPlan().bytes(Uint8Array.of(1)).slice(65000, 1000);
    await expect(writePlan(plan, source, join(dir, 'out.bin'))).rejects.toThrow(/ends at 65536/);
    expect(existsSync(join(dir, 'out.bin'))).toBe(false);
    expect(existsSync(join(dir, 'out.bin.partial'))).toBe(false);
  });
});
