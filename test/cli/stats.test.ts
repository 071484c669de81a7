import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { PAGE_TYPE_NAMES } from '../../src/decoder/core/pageTypes.ts';
import { recordName } from '../../src/decoder/libxc/kinds.ts';
import { realImage, type REAL_IMAGES } from '../support/shared.ts';

/**
 * `inspect --stats --json` on the two images real Xen wrote: every number matches a count made
 * here by walking the libxc records byte by byte, independently of the decoder.
 */

async function statsJson(file: string) {
  let out = '';
  const status = await main(['inspect', '--stats', '--json', file], { out: { write: (s: string) => (out += s) }, err: { write: () => {} } });
  expect(status).toBe(0);
  return JSON.parse(out);
}

/**
 * The libxc stream walked by hand (libxc-stream.md): the image header is found by its marker and
 * "XENF", the domain header follows, then records of (type, length, body padded to 8) up to END.
 */
function walkLibxc(bytes: Buffer) {
  const marker = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x58, 0x45, 0x4e, 0x46]);
  let pos = bytes.indexOf(marker) + 24 + 16;
  const records: Record<string, { count: number; bytes: number }> = {};
  const sent = new Map<number, number>();
  const lastType = new Map<number, number>();
  const rounds: { records: number; pages: number }[] = [];
  let lastMax = -1;
  let vcpuBasic = 0;
  for (;;) {
    const type = bytes.readUInt32LE(pos);
    const length = bytes.readUInt32LE(pos + 4);
    const total = 8 + Math.ceil(length / 8) * 8;
    const r = (records[recordName(type)] ??= { count: 0, bytes: 0 });
    r.count++;
    r.bytes += total;
    if (recordName(type) === 'X86_PV_VCPU_BASIC') vcpuBasic++;
    if (recordName(type) === 'PAGE_DATA') {
      const count = bytes.readUInt32LE(pos + 8);
      let pages = 0;
      let min = Infinity;
      let max = -1;
      for (let i = 0; i < count; i++) {
        const lo = bytes.readUInt32LE(pos + 16 + 8 * i);
        const hi = bytes.readUInt32LE(pos + 20 + 8 * i);
        const pfn = (hi & 0xfffff) * 2 ** 32 + lo;
        const pageType = hi >>> 28;
        if (pageType < 0xd) pages++;
        sent.set(pfn, (sent.get(pfn) ?? 0) + 1);
        lastType.set(pfn, pageType);
        min = Math.min(min, pfn);
        max = Math.max(max, pfn);
      }
      // A new round where the PFNs go back down (libxc-stream.md: each round is sent in PFN order).
      if (!rounds.length || min <= lastMax) rounds.push({ records: 0, pages: 0 });
      rounds[rounds.length - 1]!.records++;
      rounds[rounds.length - 1]!.pages += pages;
      lastMax = max;
    }
    pos += total;
    if (type === 0) break;
  }
  const lastTypes = new Map<number, number>();
  for (const t of [...lastType.values()].sort((a, b) => a - b)) lastTypes.set(t, (lastTypes.get(t) ?? 0) + 1);
  return { records, rounds, vcpuBasic, sent, lastType, lastTypes };
}

describe('inspect --stats --json on real images', () => {
  for (const name of ['pv', 'hvm'] as (keyof typeof REAL_IMAGES)[]) {
    it(`${name}: records, pages, rounds and vCPUs as counted by hand`, async () => {
      const file = await realImage(name);
      const s = await statsJson(file);
      const hand = walkLibxc(readFileSync(file));
      for (const [type, want] of Object.entries(hand.records)) expect(s.records[type], type).toEqual(want);
      expect(s.rounds.map((r: { records: number; pages: number }) => ({ records: r.records, pages: r.pages }))).toEqual(hand.rounds);
      expect(s.pages.withData).toBe(hand.rounds.reduce((n, r) => n + r.pages, 0));
      expect(s.checkpoints).toBe(0);
      // The PV guest has a context record per vCPU (2); the HVM guest has 1 vCPU (README of the images).
      expect(s.vcpus).toBe(name === 'pv' ? hand.vcpuBasic : 1);
      expect(s.vcpus).toBe(name === 'pv' ? 2 : 1);
      // PFNs: distinct, highest, sent more than once, and by the type of their last entry.
      const types: Record<string, number> = {};
      for (const [t, n] of hand.lastTypes) types[PAGE_TYPE_NAMES[t]!] = n;
      let max = -1;
      let distinct = 0;
      for (const [pfn, t] of hand.lastType) {
        if (t < 0xd) {
          distinct++;
          max = Math.max(max, pfn);
        }
      }
      expect(s.pfns).toEqual({ distinct, max, named: hand.sent.size, resent: [...hand.sent.values()].filter((n) => n > 1).length, types, memoryBytes: (max + 1) * 4096 });
    });
  }
});
