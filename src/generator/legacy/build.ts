/**
 * The valid legacy stream a spec describes, as Xen 4.5's xc_domain_save and libxl (or xend)
 * write it (spec: legacy-stream.md §1-§6): header, then BODY and TAIL for each checkpoint.
 */
import { Chunk, FILLER_ENTRY, LEGACY_MAX_BATCH, legacyPageHasData, QemuSignature } from '../../decoder/legacy/constants.ts';
import * as v2 from '../bodies.ts';
import { configText, pageType } from '../build.ts';
import { guestWidth, p2mFramePfns, ROOT_TABLE_PFN } from '../guestRecords.ts';
import { Bytes } from '../bytes.ts';
import * as body from './bodies.ts';
import { chunkPiece, entryPfn, entryType, type LegacyPiece, type LegacyPlan } from './plan.ts';
import type { ResolvedLegacySpec } from './spec.ts';

const XSAVE_STATE = v2.vcpuXsaveContext();
const XSAVE_MASK = 0x7n;

/** The physmap libxl records for QEMU's VGA memory (the toolstack chunk of an HVM save). */
export const VGA_PHYSMAP: body.PhysmapEntry = { physOffset: 0xf0000000n, startAddr: 0xf0000000n, size: 0x800000n, name: 'vga.vram' };

/** HVM param chunks a 4.5 saver sends for a guest using an IOREQ server, in the saver's order. */
export function hvmParamChunks(s: ResolvedLegacySpec): [number, bigint][] {
  const top = BigInt(s.pages);
  return [
    [Chunk.HVM_IDENT_PT, 0xfeffc000n],
    [Chunk.HVM_VM86_TSS, 0xfeffd000n],
    [Chunk.HVM_ACPI_IOPORTS_LOCATION, 1n],
    [Chunk.HVM_IOREQ_SERVER_PFN, top + 0x10n],
    [Chunk.HVM_NR_IOREQ_SERVER_PAGES, 2n],
  ];
}

/** The magic PFNs of the HVM tail: ioreq, buffered ioreq, xenstore (as the v2 generator places them). */
export function magicPfns(s: ResolvedLegacySpec): bigint[] {
  const top = s.pages - 1;
  return [Math.max(0, top - 2), Math.max(0, top - 3), Math.max(0, top - 1)].map(BigInt);
}

export function libvirtXml(s: ResolvedLegacySpec): string {
  const type = s.guest === 'hvm' ? 'hvm' : 'linux';
  return `<domain type='xen'>\n  <name>generated-${s.guest}</name>\n  <memory unit='KiB'>${s.pages * 4}</memory>\n  <vcpu>${s.vcpus}</vcpu>\n  <os>\n    <type>${type}</type>\n  </os>\n</domain>\n`;
}

export function sxpConfig(s: ResolvedLegacySpec): string {
  const image = s.guest === 'hvm' ? '(hvm (kernel /usr/lib/xen/boot/hvmloader))' : '(linux (kernel /boot/vmlinuz-xen))';
  return `(domain (name generated-${s.guest}) (memory ${Math.max(1, Math.floor(s.pages / 256))}) (vcpus ${s.vcpus}) (image ${image}))\n`;
}

function container(s: ResolvedLegacySpec): Uint8Array | null {
  switch (s.legacy.container) {
    case 'xl':
      // Xen 4.5's xl: JSON flag with a JSON config, no flag with xl text; never STREAMv2.
      return v2.xlHeader({ flags: s.config === 'json' ? 1 : 0, config: configText(s) });
    case 'libvirt':
      return v2.libvirtHeader(libvirtXml(s), 1);
    case 'xend':
      return body.xendHeader(sxpConfig(s));
    case 'bare':
      return null;
  }
}

/** PV header after p2m_size: extended info (vcpu, extv, xcnt blocks) and the P2M frame list. */
function pvHeader(s: ResolvedLegacySpec, w: number): LegacyPiece[] {
  const out: LegacyPiece[] = [];
  if (s.legacy.extendedInfo) {
    const blocks: body.ExtBlock[] = [{ id: 'vcpu', data: vcpuContext(s, 0) }, { id: 'extv', data: new Uint8Array(0) }];
    if (s.legacy.xsave) blocks.push({ id: 'xcnt', data: body.u32Bytes(16 + XSAVE_STATE.length) });
    out.push({ name: 'extended info', checkpoint: 0, bytes: body.extendedInfo(w, blocks) });
  }
  out.push({ name: 'p2m frames', checkpoint: 0, bytes: body.words(w, p2mFramePfns(s)) });
  return out;
}

function vcpuContext(s: ResolvedLegacySpec, vcpu: number): Uint8Array {
  return v2.vcpuBasicContext(guestWidth(s), vcpu === 0 ? Math.min(5, s.pages - 1) : 0, ROOT_TABLE_PFN);
}

/** The body's page batches: PFN entries as (type << 28) | pfn; a PV save's last batch also has two unmappable-page fillers. */
function batches(s: ResolvedLegacySpec, pfns: number[], cp: number, compressed: boolean): LegacyPiece[] {
  const out: LegacyPiece[] = [];
  for (let i = 0; i < pfns.length; i += s.batch) {
    const entries = pfns.slice(i, i + s.batch).map((pfn) => (BigInt(pageType(s, pfn)) << 28n) | BigInt(pfn));
    out.push({ name: 'batch', checkpoint: cp, bytes: new Uint8Array(0), entries, compressed });
  }
  const last = out[out.length - 1];
  if (s.guest !== 'hvm' && cp === 0 && last && last.entries!.length + 2 <= LEGACY_MAX_BATCH) last.entries!.push(BigInt(FILLER_ENTRY), BigInt(FILLER_ENTRY));
  return out;
}

function checkpointBody(s: ResolvedLegacySpec, w: number, cp: number): LegacyPiece[] {
  const hvm = s.guest === 'hvm';
  const compressed = s.legacy.compression && cp > 0;
  const out: LegacyPiece[] = [];
  const all = Array.from({ length: s.pages }, (_, i) => i);
  if (cp === 0) {
    if (s.legacy.tmem) out.push(chunkPiece(Chunk.TMEM, body.tmemChunk(2), cp));
    out.push(chunkPiece(Chunk.TSC_INFO, body.tscChunk(hvm ? 2 : 0, 71_901_702_317n, 2_096_016, 1), cp));
  }
  // The first checkpoint sends all memory; later ones the pages dirtied since (every 8th).
  const sent = batches(s, cp === 0 ? all : all.filter((p) => p % 8 === cp % 8), cp, compressed);
  out.push(...sent);
  if (compressed) {
    // Compressed pages follow the PFN arrays, in two chunks: a page may span them.
    const data = body.compressPages(sent.flatMap((b) => b.entries!.filter((e) => legacyPageHasData(entryType(e))).map(entryPfn)), cp);
    const half = Math.floor(data.length / 2);
    out.push(chunkPiece(Chunk.COMPRESSED_DATA, body.compressedDataChunk(w, data.subarray(0, half)), cp));
    out.push(chunkPiece(Chunk.COMPRESSED_DATA, body.compressedDataChunk(w, data.subarray(half)), cp));
  }
  if (cp === 0 && s.legacy.tmem) out.push(chunkPiece(Chunk.TMEM_EXTRA, body.tmemExtraChunk(), cp));
  out.push(chunkPiece(Chunk.VCPU_INFO, body.vcpuInfoChunk(s.vcpus - 1, Array.from({ length: s.vcpus }, (_, i) => i)), cp));
  if (hvm) for (const [id, value] of hvmParamChunks(s)) out.push(chunkPiece(id, body.paramChunk(id, value), cp));
  // libxl sends its toolstack data (QEMU's physmap for HVM, an empty one for PV); xend sends none.
  if (s.legacy.container !== 'xend') out.push(chunkPiece(Chunk.TOOLSTACK, body.toolstackChunk(body.physmapBlob(w, hvm ? [VGA_PHYSMAP] : [])), cp));
  if (s.checkpoints === 0) out.push(chunkPiece(Chunk.LAST_CHECKPOINT, body.marker(Chunk.LAST_CHECKPOINT), cp));
  if (cp === 0 && s.legacy.compression) out.push(chunkPiece(Chunk.ENABLE_COMPRESSION, body.marker(Chunk.ENABLE_COMPRESSION), cp));
  out.push(chunkPiece(0, body.marker(0), cp));
  return out;
}

function tail(s: ResolvedLegacySpec, cp: number): LegacyPiece[] {
  if (s.guest === 'hvm') {
    const sig = s.checkpoints > 0 ? QemuSignature.Remus : s.legacy.container === 'xend' ? QemuSignature.Xend : QemuSignature.Libxl;
    return [
      { name: 'magic pfns', checkpoint: cp, bytes: body.words(8, magicPfns(s)) },
      { name: 'hvm context', checkpoint: cp, bytes: body.hvmContextRecord(v2.hvmContext(s.vcpus)) },
      { name: 'qemu', checkpoint: cp, bytes: body.qemuRecord(sig, v2.qemuState(1021 + cp)) },
    ];
  }
  const out: LegacyPiece[] = [{ name: 'unmapped', checkpoint: cp, bytes: new Bytes().u32(0).done() }];
  for (let v = 0; v < s.vcpus; v++) {
    out.push({ name: 'vcpu basic', checkpoint: cp, vcpu: v, bytes: vcpuContext(s, v) });
    if (s.legacy.extendedInfo) {
      const ext = new Uint8Array(128);
      ext.set(v2.vcpuExtendedContext(v));
      out.push({ name: 'vcpu extended', checkpoint: cp, vcpu: v, bytes: ext });
      if (s.legacy.xsave) out.push({ name: 'vcpu xsave', checkpoint: cp, vcpu: v, bytes: body.xsaveRecord(XSAVE_MASK, XSAVE_STATE) });
    }
  }
  out.push({ name: 'shared info', checkpoint: cp, bytes: v2.sharedInfo() });
  return out;
}

export function buildLegacyPlan(s: ResolvedLegacySpec): LegacyPlan {
  const w = s.legacy.toolstack === 32 ? 4 : 8;
  const pieces: LegacyPiece[] = [];
  const outer = container(s);
  if (outer) pieces.push({ name: 'container', checkpoint: 0, bytes: outer });
  pieces.push({ name: 'p2m_size', checkpoint: 0, bytes: body.words(w, [s.pages]) });
  if (s.guest !== 'hvm') pieces.push(...pvHeader(s, w));
  const checkpoints = Math.max(1, s.checkpoints);
  for (let cp = 0; cp < checkpoints; cp++) pieces.push(...checkpointBody(s, w, cp), ...tail(s, cp));
  return { spec: s, width: w, pieces };
}
