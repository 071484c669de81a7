import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertLegacy, type ConvertOptions, type Converted } from '../../src/convert/convertLegacy.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import type { OutputPlan } from '../../src/decoder/output/OutputPlan.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { planLegacyStream, type LegacySpec } from '../../src/generator/index.ts';
import { CONVERTIBLE_LEGACY } from '../support/legacyCases.ts';
import { entryPfn } from '../../src/generator/legacy/plan.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writePlan } from '../../src/node/writePlan.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { prepareUpstream, upstreamConvert, upstreamVerify } from '../support/shared.ts';

/**
 * Our converter against Xen 4.17's convert-legacy-stream, on generated legacy streams. Where
 * convert-legacy-stream works, our output must be its output byte for byte (same records, same
 * contents). Where it fails or converts the wrong state, ours must convert, and both Xen's
 * verify-stream-v2 and our verify must accept the result.
 */

const dir = mkdtempSync(join(tmpdir(), 'xse-convert-diff-'));
beforeAll(() => prepareUpstream(), 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bare = (s: LegacySpec): LegacySpec => ({ ...s, legacy: { ...s.legacy, container: 'bare' } });
const widthOf = (s: LegacySpec): 4 | 8 => (s.legacy.toolstack === 32 ? 4 : 8);
const guestOf = (s: LegacySpec) => ((s.guest ?? 'hvm') === 'hvm' ? ('hvm' as const) : ('pv' as const));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const errors = (r: ScanResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.id}: ${d.message}`);

interface Ours {
  file: string;
  scan: ScanResult;
  c: Converted;
}

/** Generates `spec` into `name.legacy` and converts it with our converter into `name.ours`. */
async function ours(name: string, spec: LegacySpec, options: ConvertOptions): Promise<Ours> {
  const input = join(dir, `${name}.legacy`);
  writeStreamFile(spec, input);
  const source = new FileSource(input);
  try {
    const scan = await scanStream(source);
    const c = await convertLegacy(source, scan, options);
    const file = join(dir, `${name}.ours`);
    await writePlan(c.plan, source, file);
    return { file, scan, c };
  } finally {
    source.close();
  }
}

/** xl output is read by verify-stream-v2 as xl; libxl and libxc as themselves. */
async function expectUpstreamVerifies(file: string, format: 'libxc' | 'libxl' | 'xl'): Promise<void> {
  const v = await upstreamVerify(file, format);
  expect(v.status, v.stderr).toBe(0);
}

describe('where convert-legacy-stream works, our output is its output byte for byte', () => {
  for (const [name, spec] of Object.entries(CONVERTIBLE_LEGACY)) {
    for (const format of ['libxc', 'libxl'] as const) {
      it.concurrent(`${name}, ${format}`, async () => {
        const s = bare(spec);
        const base = `${name.replace(/\W+/g, '_')}.${format}`;
        // Width and guest type are inferred from the stream: convert-legacy-stream is told them.
        const o = await ours(base, s, { format });
        const theirs = join(dir, `${base}.theirs`);
        const run = await upstreamConvert(join(dir, `${base}.legacy`), theirs, { width: widthOf(s), guest: guestOf(s), format });
        expect(run.status, run.stderr).toBe(0);
        expect(sha(o.file)).toBe(sha(theirs));
        expect(errors(o.c.verified)).toEqual([]);
        // verify-stream-v2 fails any non-empty EMULATOR_XENSTORE_DATA (a Python 3 bug), which libxl HVM output has.
        if (format === 'libxc' || guestOf(s) === 'pv') await expectUpstreamVerifies(o.file, format);
      });
    }
  }
});

/** The PFN of each page the plan's PAGE_DATA records carry, and the input offset it is copied from. */
async function pageSources(o: Ours): Promise<Map<number, number>> {
  const out = new FileSource(o.file);
  const v2 = await scanStream(out);
  const pages = new Map<number, number>();
  for (let i = 0; i < v2.index.count; i++) {
    const e = v2.index.get(i);
    if (e.layer !== Layer.Libxc || e.type !== Rec.PAGE_DATA) continue;
    const body = (await decodeEntry(out, e, v2.facts)).find((f) => f.name === 'body');
    for (const p of body?.children?.find((f) => f.name === 'pages')?.children ?? []) pages.set(p.raw as number, inputOffset(o.c.plan, p.offset));
  }
  out.close();
  return pages;
}

/** Where output byte `at` comes from in the input (it must lie in a slice). */
function inputOffset(plan: OutputPlan, at: number): number {
  let pos = 0;
  for (const p of plan.pieces) {
    const n = p.kind === 'bytes' ? p.bytes.length : p.length;
    if (at < pos + n) {
      if (p.kind !== 'slice') throw new Error(`output byte ${at} is not copied from the input`);
      return p.offset + (at - pos);
    }
    pos += n;
  }
  throw new Error(`output byte ${at} is past the plan's end`);
}

describe('Remus streams: the last complete checkpoint, every page as last sent', () => {
  const remus: LegacySpec = { guest: 'pv64', pages: 128, batch: 32, vcpus: 2, checkpoints: 3, legacy: { container: 'bare' } };

  it.concurrent('holds each PFN\'s copy from the last checkpoint that sent it (per the generator\'s plan), where convert-legacy-stream holds the first checkpoint', async () => {
    const o = await ours('remus-last', remus, { format: 'libxc' });
    expect(o.c).toMatchObject({ checkpoint: 3, checkpoints: 3 });
    // The generator's plan: which checkpoint last sent each PFN (the first sends all, later ones every 8th).
    const lastSent = new Map<number, number>();
    for (const p of planLegacyStream(remus).pieces) if (p.name === 'batch') for (const e of p.entries ?? []) if (e !== 0xf0000000n) lastSent.set(entryPfn(e), p.checkpoint);
    expect(new Set(lastSent.values())).toEqual(new Set([0, 1, 2]));
    const pages = await pageSources(o);
    expect([...pages.keys()].sort((a, b) => a - b)).toEqual([...lastSent.keys()].sort((a, b) => a - b));
    for (const [pfn, at] of pages) expect(o.scan.index.get(o.scan.index.entryAt(at)).group, `PFN ${pfn}`).toBe(lastSent.get(pfn));
    await expectUpstreamVerifies(o.file, 'libxc');

    const theirs = join(dir, 'remus.theirs');
    expect((await upstreamConvert(join(dir, 'remus-last.legacy'), theirs, { width: 8, guest: 'pv', format: 'libxc' })).status).toBe(0);
    const first = await ours('remus-first', remus, { format: 'libxc', checkpoint: 1 });
    expect(sha(theirs)).toBe(sha(first.file));
    expect(sha(theirs)).not.toBe(sha(o.file));
  });

  it.concurrent('converts the checkpoint asked for, and an HVM Remus stream\'s QEMU state (RemusDeviceModelState), which convert-legacy-stream refuses', async () => {
    const o = await ours('remus-hvm', { guest: 'hvm', pages: 96, checkpoints: 3, legacy: { container: 'bare' } }, { format: 'libxc', checkpoint: 2 });
    expect(o.c).toMatchObject({ checkpoint: 2, checkpoints: 3 });
    expect(errors(o.c.verified)).toEqual([]);
    await expectUpstreamVerifies(o.file, 'libxc');
    expect((await upstreamConvert(join(dir, 'remus-hvm.legacy'), join(dir, 'remus-hvm.theirs'), { width: 8, guest: 'hvm', format: 'libxc' })).status).not.toBe(0);
  });

  it.concurrent('converts a stream cut inside a checkpoint up to the last complete one', async () => {
    const o = await ours('remus-cut', { guest: 'pv64', pages: 128, checkpoints: 3, legacy: { container: 'bare', faults: ['CHECKPOINT_INCOMPLETE'] } }, { format: 'libxc' });
    expect(o.c).toMatchObject({ checkpoint: 1, checkpoints: 1 });
    await expectUpstreamVerifies(o.file, 'libxc');
  });
});

describe('streams convert-legacy-stream cannot convert', () => {
  const CASES: Record<string, { spec: LegacySpec; format?: 'libxc' | 'libxl'; warning?: RegExp }> = {
    'TMEM chunks ("todo"): dropped with a warning': { spec: { guest: 'pv64', pages: 64, legacy: { tmem: true } }, warning: /TMEM chunk dropped/ },
    'no VCPU_INFO chunk (it takes no vCPU and misreads the tail): vCPU 0, as the 4.5 restorer': { spec: { guest: 'pv64', pages: 64, legacy: { faults: ['LEGACY_CONVERT_NO_VCPU_INFO'] } } },
    'a batch of fillers only (it writes an empty PAGE_DATA): no record': { spec: { guest: 'pv64', pages: 64, legacy: { faults: ['LEGACY_CONVERT_FILLER_BATCH'] } } },
    'the same entry twice in a batch (it refuses)': { spec: { guest: 'pv64', pages: 64, legacy: { faults: ['LEGACY_CONVERT_DUPLICATE_PFN'] } } },
    'an unknown extended-info block (it refuses)': { spec: { guest: 'pv64', pages: 64, legacy: { faults: ['LEGACY_CONVERT_UNKNOWN_BLOCK'] } } },
    'an HVM param chunk in a PV stream (it refuses): dropped with a warning': { spec: { guest: 'pv64', pages: 64, legacy: { faults: ['LEGACY_CONVERT_HVM_CHUNK_IN_PV'] } }, warning: /HVM param chunk/ },
    'a physmap entry without a name (it refuses)': { spec: { guest: 'hvm', pages: 64, legacy: { faults: ['LEGACY_CONVERT_TOOLSTACK_NAME'] } }, format: 'libxl' },
    'xend\'s QEMU record to the end of the file (it refuses without --skip-qemu)': { spec: { guest: 'hvm', pages: 64, legacy: { container: 'xend' } }, format: 'libxl' },
  };
  for (const [name, { spec, format = 'libxc', warning }] of Object.entries(CASES)) {
    it.concurrent(name, async () => {
      const base = name.replace(/\W+/g, '_').slice(0, 40);
      const o = await ours(base, spec, { format });
      expect(errors(o.c.verified)).toEqual([]);
      if (warning) expect(o.c.warnings.join('\n')).toMatch(warning);
      else expect(o.c.warnings).toEqual([]);
      if (format === 'libxc' || guestOf(spec) === 'pv') await expectUpstreamVerifies(o.file, format);
      if (spec.legacy.container !== 'xend') {
        const s = bare(spec);
        writeStreamFile(s, join(dir, `${base}.bare`));
        const run = await upstreamConvert(join(dir, `${base}.bare`), join(dir, `${base}.theirs`), { width: widthOf(s), guest: guestOf(s), format });
        const theirs = run.status === 0 ? errors(await scanStream(new FileSource(join(dir, `${base}.theirs`)))) : ['refused'];
        expect(theirs, 'convert-legacy-stream refuses it, or writes a stream v2 restore refuses').not.toEqual([]);
      }
    });
  }
});
