/** The valid stream a spec describes, as a plan (spec: libxc-stream.md §8.1, libxl-stream.md §4). */
import { DomainType, Rec } from '../decoder/libxc/constants.ts';
import { pageTypeHasData } from '../decoder/core/pageTypes.ts';
import { LibxlRec } from '../decoder/libxl/constants.ts';
import * as body from './bodies.ts';
import { guestRecords, ROOT_TABLE_PFN } from './guestRecords.ts';
import { libxc, libxl, type PageBatchesPiece, type Piece, type Plan, type RecordPiece } from './plan.ts';
import type { ResolvedSpec } from './spec.ts';

const PT = { NOTAB: 0x0, L1: 0x1, L2: 0x2, L3: 0x3, L4: 0x4, L4_PINNED: 0xc, L3_PINNED: 0xb, XTAB: 0xf } as const;

export function configText(s: ResolvedSpec): string | null {
  const type = s.guest === 'hvm' ? 'hvm' : 'pv';
  const name = `generated-${s.guest}`;
  const kib = s.pages * 4;
  if (s.config === 'none') return null;
  if (s.config === 'xl') return `name = "${name}"\ntype = "${type}"\nvcpus = ${s.vcpus}\nmemory = ${Math.max(1, Math.floor(kib / 1024))}\n`;
  const cfg = { c_info: { type, name }, b_info: { max_vcpus: s.vcpus, max_memkb: kib, target_memkb: kib } };
  return JSON.stringify(cfg, null, 4) + '\0';
}

/** Page type of each PFN: PV guests get a few page tables; HVM guests a VGA hole. */
export function pageType(s: ResolvedSpec, pfn: number): number {
  const known = s.image?.types?.get(pfn);
  if (known !== undefined) return known;
  if (s.xtabOnly) return PT.XTAB;
  if (s.guest === 'hvm') return pfn >= 0xa0 && pfn < 0xc0 ? PT.XTAB : PT.NOTAB;
  const top = s.guest === 'pv64' ? PT.L4_PINNED : PT.L3_PINNED;
  if (pfn === ROOT_TABLE_PFN) return top;
  if (pfn === 2) return s.guest === 'pv64' ? PT.L3 : PT.L2;
  if (pfn === 3) return s.guest === 'pv64' ? PT.L2 : PT.L1;
  if (pfn === 4 && s.guest === 'pv64') return PT.L1;
  return PT.NOTAB;
}

function pageData(s: ResolvedSpec, pfns: number[], checkpoint: number, pass: number): RecordPiece {
  const entries = pfns.map((pfn) => ({ pfn, type: pageType(s, pfn) }));
  const withData = entries.filter((e) => pageTypeHasData(e.type)).map((e) => e.pfn);
  const page = s.image?.page;
  const known = page && ((pfn: number) => page(pfn, pass));
  return { ...libxc(Rec.PAGE_DATA, body.pageDataHead(entries), checkpoint), pages: { pfns: withData, content: s.pageContent, ...(known ? { known } : {}) } };
}

/** The PAGE_DATA records of a PageBatchesPiece, made one at a time. */
function* pageBatchRecords(s: ResolvedSpec, p: PageBatchesPiece): Generator<RecordPiece> {
  for (let i = 0; i < p.pfns.length; i += s.batch) yield pageData(s, p.pfns.slice(i, i + s.batch), p.checkpoint, p.pass);
}

/** Replaces each PageBatchesPiece by its records, so that faults can edit them one by one. */
export function expandPageBatches(plan: Plan): void {
  plan.pieces = plan.pieces.flatMap((p) => (p.kind === 'pageBatches' ? [...pageBatchRecords(plan.spec, p)] : [p]));
}

/** Records that end each checkpoint (or the stream), after its pages. */
function endOfCheckpoint(s: ResolvedSpec, cp: number): RecordPiece[] {
  return [...guestRecords(s, 'checkpoint', cp), ...guestRecords(s, 'vcpu', cp)];
}

function libxlEmulator(s: ResolvedSpec, cp: number): RecordPiece[] {
  if (s.guest !== 'hvm' || s.container === 'libxc') return [];
  const out: RecordPiece[] = [];
  if (s.xenstore) out.push(libxl(LibxlRec.EMULATOR_XENSTORE_DATA, body.emulatorRecord(2, 0, body.xenstorePairs([['physmap/f0000000/start_addr', 'f0000000'], ['physmap/f0000000/size', '800000'], ['physmap/f0000000/name', 'vga.vram']])), cp));
  if (s.emulator) out.push(libxl(LibxlRec.EMULATOR_CONTEXT, body.emulatorRecord(2, 0, body.qemuState(1021)), cp));
  return out;
}

export function buildPlan(s: ResolvedSpec): Plan {
  const pieces: Piece[] = [];
  const hvm = s.guest === 'hvm';
  if (s.container === 'xl') {
    const cfg = configText(s);
    pieces.push({ kind: 'bytes', name: 'xl header', bytes: body.xlHeader({ flags: 2 | (s.config === 'json' ? 1 : 0), config: cfg }) });
  }
  if (s.container !== 'libxc') {
    pieces.push({ kind: 'bytes', name: 'libxl header', bytes: body.libxlHeader() });
    pieces.push(libxl(LibxlRec.LIBXC_CONTEXT, new Uint8Array(0)));
  }
  const [major, minor] = s.version === 3 ? [4, 17] : [4, 13];
  pieces.push({ kind: 'bytes', name: 'image header', bytes: body.imageHeader(s.version) });
  pieces.push({ kind: 'bytes', name: 'domain header', bytes: body.domainHeader(hvm ? DomainType.X86Hvm : DomainType.X86Pv, major, minor) });
  pieces.push(...guestRecords(s, 'static', 0));
  if (s.version === 3) pieces.push(libxc(Rec.STATIC_DATA_END, new Uint8Array(0)));
  pieces.push(...guestRecords(s, 'start', 0));
  const omitted = new Set(s.image?.omit);
  const all = Array.from({ length: s.pages }, (_, i) => i).filter((p) => !omitted.has(p));
  if (s.checkpoints === 0) {
    pieces.push({ kind: 'pageBatches', pfns: all, checkpoint: 0, pass: 0 });
    s.image?.resend?.forEach((pfns, i) => pieces.push({ kind: 'pageBatches', pfns: [...pfns], checkpoint: 0, pass: i + 1 }));
    pieces.push(...endOfCheckpoint(s, 0), libxc(Rec.END, new Uint8Array(0)));
    pieces.push(...libxlEmulator(s, 0));
    if (s.container !== 'libxc') pieces.push(libxl(LibxlRec.END, new Uint8Array(0)));
  } else {
    for (let cp = 0; cp < s.checkpoints; cp++) {
      // The first checkpoint sends all memory; later ones the pages dirtied since (every 8th).
      const pfns = cp === 0 ? all : all.filter((p) => p % 8 === cp % 8);
      pieces.push({ kind: 'pageBatches', pfns, checkpoint: cp, pass: cp });
      pieces.push(...endOfCheckpoint(s, cp), libxc(Rec.CHECKPOINT, new Uint8Array(0), cp));
      if (s.container === 'libxc') continue;
      pieces.push(...libxlEmulator(s, cp), libxl(LibxlRec.CHECKPOINT_END, new Uint8Array(0), cp));
      if (s.colo) pieces.push(libxl(LibxlRec.CHECKPOINT_STATE, body.checkpointState(0), cp));
    }
  }
  return { spec: s, pieces };
}
