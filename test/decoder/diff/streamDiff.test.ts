/**
 * Comparing two streams on generated pairs whose differences are known by construction: page
 * contents, pages sent by one stream only, a page type, a register, a config key, an HVM
 * param, and two checkpoints of one Remus stream. Each test says what its pair differs in and
 * derives the expected answer from that, not from a run of the diff.
 */
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { CheckpointChoiceError, type DiffSide } from '../../../src/decoder/diff/checkpoint.ts';
import { RowStatus } from '../../../src/decoder/diff/recordAlignment.ts';
import { diffStreams, sameGuestState } from '../../../src/decoder/diff/streamDiff.ts';
import { Rec } from '../../../src/decoder/libxc/constants.ts';
import { LibxlRec } from '../../../src/decoder/libxl/constants.ts';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { EntryFlag } from '../../../src/decoder/model/RecordIndex.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import * as body from '../../../src/generator/bodies.ts';
import { configText } from '../../../src/generator/build.ts';
import { concatChunks, planChunks } from '../../../src/generator/chunks.ts';
import { buildStream, planStream, type StreamSpec } from '../../../src/generator/index.ts';
import { piece, record, type Plan } from '../../../src/generator/plan.ts';
import type { CpuRegisters } from '../../../src/generator/image.ts';

async function side(bytes: Uint8Array, checkpoint: number | null = null): Promise<DiffSide> {
  const source = new MemorySource(bytes);
  return { source, scan: await scanStream(source, { memory: true }), checkpoint };
}

/** A plan edited by `edit` (a record body or header swapped), written out. */
function edited(spec: StreamSpec, edit: (plan: Plan) => void): Uint8Array {
  const plan = planStream(spec);
  edit(plan);
  return concatChunks(planChunks(plan));
}

const filled = (v: number) => new Uint8Array(4096).fill(v);
const cpu: CpuRegisters = { cr0: 0x80000011n, cr3: 0x1000n, cr4: 0x20n, efer: 0x500n, rip: 0xffffffff81000000n, rsp: 0xffffc90000004000n };

describe('stream diff', () => {
  it('a stream compared with itself holds the same guest state', async () => {
    const bytes = buildStream({ guest: 'pv64', pages: 64, batch: 16, vcpus: 2 });
    const d = await diffStreams(await side(bytes), await side(bytes));
    expect(d.pages).toMatchObject({ same: 64, changed: 0, onlyA: 0, onlyB: 0, changedBytes: 0, typeChanged: 0 });
    expect(d.records.changed).toEqual([]);
    expect(sameGuestState(d)).toBe(true);
  });

  it('counts changed pages and their differing bytes, by last copy, whatever the batching', async () => {
    // B: one byte of PFN 5 flipped, PFNs 9-11 all 0xaa (the pattern page has no 0xaa byte), and
    // PFN 30 resent with its first copy changed but its last copy the same as A's. B is also
    // batched differently, so its pages lie elsewhere in the file.
    const flipped = (() => {
      const p = body.patternPage(5);
      p[100] = p[100]! ^ 0xff;
      return p;
    })();
    const a = buildStream({ guest: 'hvm', pages: 64, batch: 16 });
    const b = buildStream({
      guest: 'hvm',
      pages: 64,
      batch: 5,
      image: { page: (pfn, pass) => (pfn === 5 ? flipped : pfn >= 9 && pfn <= 11 ? filled(0xaa) : pfn === 30 && pass === 0 ? filled(1) : undefined), resend: [[30]] },
    });
    const d = await diffStreams(await side(a), await side(b));
    expect(d.pages.changed).toBe(4);
    expect(d.pages.changedBytes).toBe(1 + 3 * 4096);
    expect(d.changedPfns).toEqual([[5, 5], [9, 11]]);
    expect(d.pages.same).toBe(64 - 4);
    expect(sameGuestState(d)).toBe(false);
  });

  it('finds changed pages across many read windows, with pages laid out differently in B', async () => {
    // 3000 pages: several 4 MiB windows. B changes pages at both ends of the range and around
    // the window boundaries (pages 1023/1024, 2047/2048), one byte each, and is batched in 7s
    // with PFNs 100-199 resent (their last copies the same), so no page lies where A's does.
    const pages = 3000;
    const picked = [0, 1, 1023, 1024, 1500, 2047, 2048, 2999];
    const one = (pfn: number) => {
      const p = body.patternPage(pfn);
      p[pfn % 4096] = p[pfn % 4096]! ^ 1;
      return p;
    };
    const a = buildStream({ guest: 'hvm', pages, batch: 1024 });
    const resent = Array.from({ length: 100 }, (_, i) => 100 + i);
    const b = buildStream({ guest: 'hvm', pages, batch: 7, image: { page: (pfn) => (picked.includes(pfn) ? one(pfn) : undefined), resend: [resent] } });
    const d = await diffStreams(await side(a), await side(b));
    // The VGA hole (PFNs 0xa0-0xbf) is XTAB in both: no contents, the same.
    expect(d.changedPfns).toEqual([[0, 1], [1023, 1024], [1500, 1500], [2047, 2048], [2999, 2999]]);
    expect(d.pages.changedBytes).toBe(picked.length);
    expect(d.pages.same).toBe(pages - picked.length);
    // Each page with contents read once from each file, give or take headers read through.
    const withData = pages - 0x20;
    expect(d.bytesRead[0]).toBeGreaterThanOrEqual(withData * 4096);
    expect(d.bytesRead[1]).toBeLessThan(withData * 4096 * 1.1);
  });

  it('lists pages only one side sent, and page types that differ', async () => {
    // A leaves out PFNs 20-21, B leaves out PFN 40; B sends PFN 50 as XTAB (no contents).
    const a = buildStream({ guest: 'hvm', pages: 64, image: { omit: [20, 21] } });
    const b = buildStream({ guest: 'hvm', pages: 64, image: { omit: [40], types: new Map([[50, 0xf]]) } });
    const d = await diffStreams(await side(a), await side(b));
    expect(d.onlyBPfns).toEqual([[20, 21]]);
    expect(d.onlyAPfns).toEqual([[40, 40]]);
    expect(d.pages).toMatchObject({ onlyA: 1, onlyB: 2, typeChanged: 1 });
    expect(d.typeChanges).toEqual([{ pfn: 50, a: 0, b: 0xf }]);
    // Contents on one side only: the page counts as changed, all of it.
    expect(d.changedPfns).toEqual([[50, 50]]);
    expect(d.pages.changedBytes).toBe(4096);
  });

  it('names a changed register with both values, and the field of the record holding it', async () => {
    // The same PV guest but for vCPU 0's rip.
    const a = buildStream({ guest: 'pv64', pages: 32, image: { cpu } });
    const b = buildStream({ guest: 'pv64', pages: 32, image: { cpu: { ...cpu, rip: cpu.rip + 0x10n } } });
    const d = await diffStreams(await side(a), await side(b));
    expect(d.pages.changed).toBe(0);
    // Every vCPU gets the image's registers: both have changed rip, nothing else.
    expect(d.vcpus).toEqual([{ vcpu: 0, changed: { rip: [`0x${cpu.rip.toString(16)}`, `0x${(cpu.rip + 0x10n).toString(16)}`] } }]);
    const basic = d.records.changed.filter((r) => r.name === 'libxc X86_PV_VCPU_BASIC');
    expect(basic).toHaveLength(1);
    expect(basic[0]!.fields.map((f) => f.path)).toEqual(['body.context.user_regs.rip']);
  });

  it('compares the domain config key by key', async () => {
    // B's libxl JSON config names the domain differently and has one key more.
    const spec: StreamSpec = { guest: 'hvm', pages: 32 };
    const a = buildStream(spec);
    const b = edited(spec, (plan) => {
      const cfg = JSON.parse(configText(plan.spec)!.replace(/\0$/, ''));
      cfg.c_info.name = 'renamed';
      cfg.b_info.max_grant_frames = 64;
      piece(plan, 'xl header').bytes = body.xlHeader({ flags: 3, config: JSON.stringify(cfg) });
    });
    const d = await diffStreams(await side(a), await side(b));
    expect(d.config).toEqual([
      { path: 'c_info.name', a: '"generated-hvm"', b: '"renamed"' },
      { path: 'b_info.max_grant_frames', a: null, b: '64' },
    ]);
    expect(sameGuestState(d)).toBe(false);
  });

  it('compares xl config text by its settings', async () => {
    const spec: StreamSpec = { guest: 'pv64', pages: 32, config: 'xl' };
    const text = configText(planStream(spec).spec)!;
    const b = edited(spec, (plan) => {
      piece(plan, 'xl header').bytes = body.xlHeader({ flags: 2, config: text.replace(/memory = \d+/, 'memory = 512') + 'disk = [ "phy:/dev/vg/guest,xvda,w",\n  "file:/tmp/x.iso,xvdc:cdrom,r" ]\n' });
    });
    const d = await diffStreams(await side(buildStream(spec)), await side(b));
    expect(d.config.map((c) => [c.path, c.b])).toEqual([
      ['memory', '512'],
      ['disk', '[ "phy:/dev/vg/guest,xvda,w", "file:/tmp/x.iso,xvdc:cdrom,r" ]'],
    ]);
  });

  it('shows an HVM param that changed, field by field', async () => {
    // B's HVM_PARAMS carries a different value for its second param (index 5, the console ring).
    const spec: StreamSpec = { guest: 'hvm', pages: 32 };
    const b = edited(spec, (plan) => {
      record(plan, 'libxc', Rec.HVM_PARAMS).body = body.hvmParams([[1, 30n], [5, 0x1234n], [6, 28n], [12, 0xfeffc000n]]);
    });
    const d = await diffStreams(await side(buildStream(spec)), await side(b));
    expect(d.records.changed.map((r) => r.name)).toEqual(['libxc HVM_PARAMS']);
    const fields = d.records.changed[0]!.fields;
    expect(fields).toHaveLength(1);
    expect(fields[0]!.path).toBe('body.param[1].value');
    expect(fields[0]!.b).toContain('0x1234');
    expect(d.records.onlyA).toEqual([]);
    expect(d.records.onlyB).toEqual([]);
  });

  it('reports records inserted and removed, and page records apart', async () => {
    // B: EMULATOR_XENSTORE_DATA added (xenstore keys); its pages in batches of 8 instead of 16.
    const a = buildStream({ guest: 'hvm', pages: 32, batch: 16 });
    const b = buildStream({ guest: 'hvm', pages: 32, batch: 8, xenstore: true });
    const d = await diffStreams(await side(a), await side(b));
    expect(d.records.onlyB.map((r) => r.name)).toEqual(['libxl EMULATOR_XENSTORE_DATA']);
    expect(d.records.onlyA).toEqual([]);
    expect(d.records.pageRecords).toEqual({ matched: 0, onlyA: 2, onlyB: 4 });
    expect(d.pages.changed + d.pages.onlyA + d.pages.onlyB).toBe(0);
  });

  it('lines up every record of both side by side: A in its order, the records only B has where they fall in B', async () => {
    // B: EMULATOR_XENSTORE_DATA added and pages batched by 8, not 16; its HVM_PARAMS changed too.
    const a = buildStream({ guest: 'hvm', pages: 32, batch: 16 });
    const b = edited({ guest: 'hvm', pages: 32, batch: 8, xenstore: true }, (plan) => {
      record(plan, 'libxc', Rec.HVM_PARAMS).body = body.hvmParams([[1, 30n], [5, 0x1234n], [6, 28n], [12, 0xfeffc000n]]);
    });
    const [sa, sb] = [await side(a), await side(b)];
    const { rows } = (await diffStreams(sa, sb)).records;
    const present = (col: Int32Array) => [...col].filter((e) => e >= 0);
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(present(rows.a)).toEqual(upTo(sa.scan.index.count));
    expect(present(rows.b).sort((x, y) => x - y)).toEqual(upTo(sb.scan.index.count));
    const find = (s: DiffSide, layer: Layer, type: number) => upTo(s.scan.index.count).find((e) => s.scan.index.layer(e) === layer && s.scan.index.type(e) === type && !(s.scan.index.flags(e) & EntryFlag.Header))!;
    // The inserted record sits right after the B record before it.
    const xenstore = find(sb, Layer.Libxl, LibxlRec.EMULATOR_XENSTORE_DATA);
    const at = rows.b.indexOf(xenstore);
    expect([rows.a[at], rows.status[at]]).toEqual([-1, RowStatus.OnlyB]);
    expect(present(rows.b.subarray(0, at)).at(-1)).toBe(xenstore - 1);
    // The changed HVM_PARAMS pairs A's with B's; no page record is matched (different batching).
    const changed = rows.a.indexOf(find(sa, Layer.Libxc, Rec.HVM_PARAMS));
    expect([rows.b[changed], rows.status[changed]]).toEqual([find(sb, Layer.Libxc, Rec.HVM_PARAMS), RowStatus.Changed]);
    expect([...rows.status].filter((st) => st === RowStatus.Pages)).toEqual([]);
    expect([...rows.status].filter((st) => st === RowStatus.OnlyA)).toHaveLength(2);
  });

  describe('two checkpoints of one Remus stream', () => {
    // Checkpoint k (index k-1 from 0) resends PFNs p with p % 8 == (k-1) % 8; from the second on, with contents of their own.
    const pages = 64;
    const marked = (pfn: number, cp: number) => filled((pfn + cp * 16) & 0xff);
    const spec: StreamSpec = { guest: 'hvm', pages, checkpoints: 3, image: { page: (pfn, cp) => (cp > 0 ? marked(pfn, cp) : undefined) } };
    const bytes = buildStream(spec);

    it('compares the guest as of each: pages resent since, with their new contents', async () => {
      const d = await diffStreams(await side(bytes, 1), await side(bytes, 3));
      const resent = Array.from({ length: pages }, (_, p) => p).filter((p) => p % 8 === 1 || p % 8 === 2);
      expect(d.pages.changed).toBe(resent.length);
      expect(d.pages.same).toBe(pages - resent.length);
      expect(d.changedPfns.flatMap(([f, l]) => Array.from({ length: l - f + 1 }, (_, i) => f + i))).toEqual(resent);
      // TSC info is resent with each checkpoint's time; static data, sent once, is the same.
      expect(d.records.changed.map((r) => r.name)).toEqual(['libxc X86_TSC_INFO']);
      expect(d.records.onlyA.length + d.records.onlyB.length).toBe(0);
    });

    it('finds no difference between a checkpoint and itself, or between the last and the whole stream', async () => {
      expect(sameGuestState(await diffStreams(await side(bytes, 2), await side(bytes, 2)))).toBe(true);
      const d = await diffStreams(await side(bytes, 3), await side(bytes));
      expect(d.pages.changed + d.pages.onlyA + d.pages.onlyB).toBe(0);
      expect(d.vcpus).toEqual([]);
    });

    it('refuses a checkpoint the stream does not have', async () => {
      await expect(diffStreams(await side(bytes, 4), await side(bytes, 1))).rejects.toThrow(CheckpointChoiceError);
      await expect(diffStreams(await side(buildStream({ pages: 8 }), 1), await side(bytes, 1))).rejects.toThrow(/not a checkpointed/);
    });
  });

  it('stops when cancelled and says so', async () => {
    const bytes = buildStream({ guest: 'hvm', pages: 64 });
    const ctl = new AbortController();
    ctl.abort();
    const d = await diffStreams(await side(bytes), await side(bytes), { signal: ctl.signal });
    expect(d.cancelled).toBe(true);
    expect(d.pages.same).toBeLessThan(64);
  });
});
