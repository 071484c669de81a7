import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../src/decoder/bytes/ByteSource.ts';
import type { CheckId } from '../../../src/decoder/core/checks.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { CHUNK_HVM_PARAM, chunkIdOfEntry, LegacyEntry, MAGIC_PFN_PARAMS } from '../../../src/decoder/legacy/constants.ts';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { LibxlRec } from '../../../src/decoder/libxl/constants.ts';
import type { Field } from '../../../src/decoder/model/Field.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import type { IndexEntry } from '../../../src/decoder/model/RecordIndex.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { CONVERTIBLE_LEGACY } from '../../support/legacyCases.ts';
import { LEGACY_FAULTS, legacyFaultSpec, type LegacyFault, type LegacyFaultName, type LegacySpec } from '../../../src/generator/index.ts';
import { FileSource } from '../../../src/node/FileSource.ts';
import { writeStreamFile } from '../../../src/node/writeStream.ts';
import { prepareUpstream, upstreamConvert } from '../../support/shared.ts';

/**
 * Differential test against Xen 4.17's convert-legacy-stream, the program through which every
 * Xen ≥ 4.6 restores a legacy image. For generated legacy streams of each kind, the converter
 * must accept the bare stream, our decoder must find the converted v2 stream valid, and decoding
 * the original and the converted stream must give the same pages (PFN, type, content hash),
 * vCPU contexts, shared info, TSC info, HVM params, HVM context, QEMU state and physmap keys.
 * For each legacy fault, the converter must do what the fault table says (convert or stop), and
 * where it converts a stream the 4.5 restorer would refuse, v2 restore must refuse the result.
 */

const VALID: Record<string, LegacySpec> = {
  ...CONVERTIBLE_LEGACY,
  'PV Remus, 3 checkpoints (the first is converted)': { guest: 'pv64', pages: 128, checkpoints: 3, legacy: {} },
};

/** Faults the converter lets through although the 4.5 restorer refuses them: v2 restore must then refuse the converted stream. */
const REFUSED_AFTER_CONVERSION: Partial<Record<LegacyFaultName, CheckId>> = {
  LEGACY_PAGE_TYPE: 'PAGE_DATA_BAD_TYPE',
  LEGACY_PFN_RANGE: 'R_PAGE_DATA_PFN_RANGE',
  LEGACY_P2M_FRAME_RANGE: 'R_P2M_FRAME_PFN',
  LEGACY_CONVERT_FILLER_BATCH: 'PAGE_DATA_TOO_SHORT',
  LEGACY_CONVERT_NO_VCPU_INFO: 'R_PV_VCPU0_MISSING',
  H_FIRST_NOT_HEADER: 'H_FIRST_NOT_HEADER',
};

/** Faults whose conversion is not run, and why. */
const NOT_RUN: Partial<Record<LegacyFaultName, string>> = {
  LEGACY_UNMAPPED_TOO_MANY: 'the converter builds a 2^28-character struct format to read the list before it finds the file too short: half a minute and gigabytes for a foregone failure',
};

const dir = mkdtempSync(join(tmpdir(), 'xse-legacy-diff-'));
beforeAll(() => prepareUpstream(), 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bare = (s: LegacySpec): LegacySpec => ({ ...s, legacy: { ...s.legacy, container: 'bare' } });
const widthOf = (s: LegacySpec) => (s.legacy.toolstack === 32 ? 4 : 8);
const guestOf = (s: LegacySpec) => ((s.guest ?? 'hvm') === 'hvm' ? 'hvm' : 'pv');

interface Converted {
  status: number;
  stderr: string;
  legacy: Decoded;
  v2: Decoded;
}

interface Decoded {
  r: ScanResult;
  src: ByteSource;
}

async function run(name: string, s: LegacySpec): Promise<Converted> {
  const base = join(dir, name.replace(/\W+/g, '_'));
  writeStreamFile(s, `${base}.legacy`);
  const { status, stderr } = await upstreamConvert(`${base}.legacy`, `${base}.v2`, { width: widthOf(s), guest: guestOf(s), format: 'libxl' });
  const legacySrc = new FileSource(`${base}.legacy`);
  const legacy = { r: await scanStream(legacySrc, { legacy: { width: widthOf(s), guest: guestOf(s) } }), src: legacySrc };
  const v2Src = new FileSource(`${base}.v2`);
  const v2 = { r: await scanStream(v2Src), src: v2Src };
  return { status, stderr, legacy, v2 };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16);
const errors = (r: ScanResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.id}: ${d.message}`);

function entries(r: ScanResult, keep: (e: IndexEntry) => boolean): IndexEntry[] {
  return Array.from({ length: r.index.count }, (_, i) => r.index.get(i)).filter(keep);
}

const child = (f: Field | undefined, name: string) => f?.children?.find((c) => c.name === name);
const top = (fs: Field[], name: string) => fs.find((f) => f.name === name);

/** The record body of a v2 entry (after its 8-byte header), or [from, to) of it. */
async function body(d: Decoded, e: IndexEntry, from = 0, to = e.bodyLength): Promise<Uint8Array> {
  return d.src.read(e.offset + 8 + from, to - from);
}

/** "pfn:type:hash" of every data page, and "pfn:type" of every entry, from page-list field trees. */
async function pagesOf(d: Decoded, pfnList: Field | undefined, pageList: Field | undefined, out: { entries: string[]; pages: string[] }): Promise<void> {
  const types: number[] = [];
  for (const g of pfnList?.children ?? []) {
    if (g.display.startsWith('filler')) {
      types.push(-1);
      continue;
    }
    const pfn = child(g, 'pfn')!.raw as number;
    const type = child(g, 'type')!.raw as number;
    types.push(type);
    out.entries.push(`${pfn}:${type}`);
  }
  for (const p of pageList?.children ?? []) {
    const index = Number(/pfn\[(\d+)\]/.exec(p.display)![1]);
    out.pages.push(`${p.raw as number}:${types[index]}:${sha(await d.src.read(p.offset, p.length))}`);
  }
}

interface Content {
  entries: string[];
  pages: string[];
  vcpus: Record<string, string>;
  sharedInfo?: string;
  tsc: Record<string, string>;
  params: Record<number, string>;
  hvmContext?: string;
  qemu?: string;
  xenstore: string[];
}

const raw = (f: Field | undefined) => String(f?.raw);

/** What the original legacy stream holds, in its first checkpoint (the one the converter converts). */
async function legacyContent(d: Decoded): Promise<Content> {
  const c: Content = { entries: [], pages: [], vcpus: {}, tsc: {}, params: {}, xenstore: [] };
  for (const e of entries(d.r, (x) => x.layer === Layer.Legacy && x.group === 0)) {
    const fields = await decodeEntry(d.src, e, d.r.facts);
    const bytes = () => d.src.read(e.offset, e.length);
    switch (e.type) {
      case LegacyEntry.PageBatch:
        await pagesOf(d, top(fields, 'pfn'), top(fields, 'pages'), c);
        break;
      case LegacyEntry.VcpuBasic:
        c.vcpus[`basic ${e.aux[0]}`] = sha(await bytes());
        break;
      case LegacyEntry.VcpuExtended:
        c.vcpus[`extended ${e.aux[0]}`] = sha(await bytes());
        break;
      case LegacyEntry.VcpuXsave:
        c.vcpus[`xsave ${e.aux[0]}`] = sha((await bytes()).subarray(16));
        break;
      case LegacyEntry.SharedInfo:
        c.sharedInfo = sha(await bytes());
        break;
      case LegacyEntry.MagicPfns:
        MAGIC_PFN_PARAMS.forEach((index, i) => (c.params[index] = raw(fields[i])));
        break;
      case LegacyEntry.HvmContext:
        c.hvmContext = sha((await bytes()).subarray(4));
        break;
      case LegacyEntry.QemuRecord:
        c.qemu = sha((await bytes()).subarray(25));
        break;
      default: {
        const id = chunkIdOfEntry(e.type);
        if (id === -7) for (const n of ['mode', 'khz', 'nsec', 'incarnation']) c.tsc[n] = raw(top(fields, n));
        if (id in CHUNK_HVM_PARAM) c.params[CHUNK_HVM_PARAM[id]!] = raw(top(fields, 'value'));
        if (id === -18) {
          for (const m of (top(fields, 'toolstack data')?.children ?? []).filter((f) => f.name.startsWith('physmap['))) {
            const root = `physmap/${(child(m, 'phys_offset')!.raw as bigint).toString(16)}`;
            c.xenstore.push(`${root}/start_addr=${(child(m, 'start_addr')!.raw as bigint).toString(16)}`, `${root}/size=${(child(m, 'size')!.raw as bigint).toString(16)}`, `${root}/name=${raw(child(m, 'name'))}`);
          }
        }
      }
    }
  }
  return c;
}

/** The same, from the converted libxl v2 stream. */
async function v2Content(d: Decoded): Promise<Content> {
  const c: Content = { entries: [], pages: [], vcpus: {}, tsc: {}, params: {}, xenstore: [] };
  for (const e of entries(d.r, (x) => !(x.flags & 1) && (x.layer === Layer.Libxc || x.layer === Layer.Libxl))) {
    const libxc = e.layer === Layer.Libxc;
    const fields = await decodeEntry(d.src, e, d.r.facts);
    const b = top(fields, 'body');
    const vcpu = libxc && [Rec.X86_PV_VCPU_BASIC, Rec.X86_PV_VCPU_EXTENDED, Rec.X86_PV_VCPU_XSAVE].includes(e.type as 4 | 5 | 6) ? new DataView((await body(d, e, 0, 4)).buffer).getUint32(0, true) : -1;
    if (libxc && e.type === Rec.PAGE_DATA) await pagesOf(d, child(b, 'pfn'), child(b, 'pages'), c);
    else if (libxc && e.type === Rec.X86_PV_VCPU_BASIC) c.vcpus[`basic ${vcpu}`] = sha(await body(d, e, 8));
    else if (libxc && e.type === Rec.X86_PV_VCPU_EXTENDED) c.vcpus[`extended ${vcpu}`] = sha(await body(d, e, 8));
    else if (libxc && e.type === Rec.X86_PV_VCPU_XSAVE) c.vcpus[`xsave ${vcpu}`] = sha(await body(d, e, 8));
    else if (libxc && e.type === Rec.SHARED_INFO) c.sharedInfo = sha(await body(d, e));
    else if (libxc && e.type === Rec.HVM_CONTEXT) c.hvmContext = sha(await body(d, e));
    else if (libxc && e.type === Rec.X86_TSC_INFO) for (const n of ['mode', 'khz', 'nsec', 'incarnation']) c.tsc[n] = raw(child(b, n));
    else if (libxc && e.type === Rec.HVM_PARAMS) {
      for (const p of (b?.children ?? []).filter((f) => f.name.startsWith('param['))) c.params[Number(child(p, 'index')!.raw)] = raw(child(p, 'value'));
    } else if (!libxc && e.type === LibxlRec.EMULATOR_CONTEXT) c.qemu = sha(await body(d, e, 8));
    else if (!libxc && e.type === LibxlRec.EMULATOR_XENSTORE_DATA) {
      for (const p of (b?.children ?? []).filter((f) => f.name.startsWith('pair['))) c.xenstore.push(`${raw(child(p, 'key'))}=${raw(child(p, 'value'))}`);
    }
  }
  return c;
}

const sorted = (c: Content): Content => ({ ...c, entries: [...c.entries].sort(), pages: [...c.pages].sort(), xenstore: [...c.xenstore].sort() });

describe('convert-legacy-stream and our decoder agree on valid legacy streams', () => {
  for (const [name, spec] of Object.entries(VALID)) {
    it.concurrent(name, async () => {
      const s = bare(spec);
      const { status, stderr, legacy, v2 } = await run(name, s);
      expect(status, stderr).toBe(0);
      expect(errors(legacy.r)).toEqual([]);
      expect(legacy.r.facts.legacy).toMatchObject({ width: widthOf(s), guest: guestOf(s) });
      expect(errors(v2.r), 'the converted stream is valid v2').toEqual([]);
      expect(v2.r.facts.libxc?.xenMajor).toBe(0);
      const ours = sorted(await legacyContent(legacy));
      const theirs = sorted(await v2Content(v2));
      expect(ours.pages.length).toBeGreaterThan(0);
      expect(Object.keys(ours.vcpus).length + (ours.hvmContext ? 1 : 0)).toBeGreaterThan(0);
      expect(ours).toEqual(theirs);
    });
  }
});

describe('convert-legacy-stream does with each legacy fault what the fault table says', () => {
  const cases = (Object.entries(LEGACY_FAULTS) as [LegacyFaultName, LegacyFault][]).filter(([name, f]) => f.convert && !f.base?.legacy?.container && !NOT_RUN[name]);
  it('covers most faults', () => expect(cases.length).toBeGreaterThan(30));
  for (const [name, fault] of cases) {
    it.concurrent(name, async () => {
      const s = bare(legacyFaultSpec(name));
      const { status, stderr, v2 } = await run(name, s);
      if (fault.convert === 'fails') {
        expect(status, 'the converter should refuse this stream').not.toBe(0);
        return;
      }
      expect(status, stderr).toBe(0);
      const refused = REFUSED_AFTER_CONVERSION[name];
      if (refused) expect(v2.r.diagnostics.map((d) => d.id), 'v2 restore refuses the converted stream').toContain(refused);
    });
  }
});
