/**
 * What a legacy stream must hold across its chunks (spec: legacy-stream.md §3, §10): the 4.5
 * restorer's requirements (errors) and what convert-legacy-stream cannot convert, so that
 * restore on Xen ≥ 4.6 fails (warnings, each said once per stream). The walk in scan.ts tells
 * these rules what it found; they keep the state that spans chunks and bodies.
 */
import type { CheckId } from '../core/checks.ts';
import type { ScanContext } from '../core/ScanContext.ts';
import type { ChunkFacts } from './chunks.ts';
import { PageDecompressor } from './compression.ts';
import { Chunk, CHUNK_HVM_PARAM, CHUNK_NAMES, QemuSignature } from './constants.ts';
import type { LegacyEnv } from './env.ts';
import type { LegacyShape } from './shape.ts';

export const chunkName = (id: number): string => CHUNK_NAMES[id] ?? `chunk ${id}`;

export class LegacyRules {
  /** Online vCPUs, from the last VCPU_INFO; the 4.5 restorer assumes vCPU 0 without one. */
  online: number[] = [0];
  private vcpuInfoSeen = false;
  /** HVM params set so far by chunks (the restorer keeps them across checkpoints). */
  private readonly params = new Map<number, bigint>();
  /** Format B: data-carrying PFN entries of this body, and the pages its compressed data holds. */
  private compressedEntries = 0;
  compressed: PageDecompressor | null = null;
  /** Warnings worth one mention per stream. */
  private readonly said = new Set<CheckId>();

  constructor(
    private readonly ctx: ScanContext,
    private readonly env: LegacyEnv,
  ) {}

  private once(id: CheckId, at: number, length: number, record: number, message: string): void {
    if (this.said.has(id)) return;
    this.said.add(id);
    this.ctx.problem(id, at, length, record, message);
  }

  /** The first words: the guest type against the domain config, and the toolstack's width. */
  header(shape: LegacyShape, at: number, e: number): void {
    const ctx = this.ctx;
    const w = shape.width;
    if (ctx.facts.config?.type === 'hvm' && shape.pvSignature) {
      ctx.problem('LEGACY_GUEST_MISMATCH', at + w, w, e, `the domain config says HVM, but the stream continues with the PV extended-info signature: xl restore converts it as HVM and fails${shape.guestFrom === 'option' ? '' : ' (decoded as the config says; --legacy-guest pv reads it as PV)'}`);
    }
    if (w === 4) {
      ctx.problem('LEGACY_CONVERT_WIDTH_32', at, w, e, 'saved by a 32-bit toolstack: libxl on Xen ≥ 4.6 converts legacy images with its own width (64-bit on any current host), so restore on Xen ≥ 4.6 will fail unless the image is converted by hand with convert-legacy-stream --width 32');
    }
  }

  /** A second checkpoint begins (Remus). */
  secondCheckpoint(at: number): void {
    this.ctx.problem('LEGACY_CONVERT_REMUS', at, 4, -1, 'a second checkpoint starts here (Remus): a checkpointing 4.5 receiver keeps the last complete one, but plain restore and convert-legacy-stream take only the first and ignore the rest, so restore on Xen ≥ 4.6 restores stale state');
  }

  /** A body starts; a format B body's pages come in its COMPRESSED_DATA chunks. */
  startBody(formatB: boolean): void {
    this.compressedEntries = 0;
    this.compressed = formatB ? new PageDecompressor() : null;
  }

  /** Format B: a batch's data-carrying entries, whose pages come compressed later in the body. */
  awaitCompressed(pages: number): void {
    this.compressedEntries += pages;
  }

  /** A special chunk was read. */
  chunk(id: number, facts: ChunkFacts, at: number, e: number): void {
    if (facts.online) {
      this.online = facts.online;
      this.vcpuInfoSeen = true;
    }
    if (facts.param) this.params.set(facts.param.index, facts.param.value);
    if (id === Chunk.ENABLE_COMPRESSION || id === Chunk.COMPRESSED_DATA) {
      this.once('LEGACY_CONVERT_COMPRESSION', at, 4, e, 'a Remus stream with checkpoint compression: the 4.5 restorer uncompresses it, but convert-legacy-stream cannot ("todo"), so restore on Xen ≥ 4.6 will fail');
    }
  }

  tmem(id: number, at: number, e: number): void {
    this.once('LEGACY_CONVERT_TMEM', at, 4, e, `${chunkName(id)}: transcendent-memory pages, which the 4.5 restorer loads, but convert-legacy-stream cannot convert ("todo"), so restore on Xen ≥ 4.6 will fail`);
  }

  qemu(signature: string, at: number, length: number, e: number): void {
    if (signature === QemuSignature.Libxl) return;
    this.once('LEGACY_CONVERT_QEMU_SIGNATURE', at, length, e, `QEMU record "${signature}": the 4.5 restorer reads it, but convert-legacy-stream accepts only "${QemuSignature.Libxl}"${signature === QemuSignature.Xend ? ' (a libxc conversion works only with --skip-qemu, losing the device state)' : ''}, so restore on Xen ≥ 4.6 will fail`);
  }

  /** Chunk id 0: what the body as a whole must have held. */
  endOfBody(e: number, at: number): void {
    const ctx = this.ctx;
    const c = this.compressed;
    if (c) {
      if (c.error) ctx.problem('LEGACY_COMPRESSION_MISMATCH', c.error.at, 1, e, `compressed page data is malformed: ${c.error.message}; the 4.5 restorer fails to uncompress the page`);
      else if (c.pages < this.compressedEntries) {
        ctx.problem('LEGACY_COMPRESSION_MISMATCH', at, 4, e, `this body's page entries need ${this.compressedEntries} page(s) of data, but its COMPRESSED_DATA chunks hold ${c.pages}: the 4.5 restorer fails to uncompress the rest`);
      }
    }
    const pfn = this.params.get(CHUNK_HVM_PARAM[Chunk.HVM_IOREQ_SERVER_PFN]!) ?? 0n;
    const nr = this.params.get(CHUNK_HVM_PARAM[Chunk.HVM_NR_IOREQ_SERVER_PAGES]!) ?? 0n;
    if ((pfn === 0n) !== (nr === 0n)) {
      this.once('LEGACY_IOREQ_SERVER_PAIR', at, 4, e, `${pfn ? 'HVM_IOREQ_SERVER_PFN' : 'HVM_NR_IOREQ_SERVER_PAGES'} came without ${pfn ? 'HVM_NR_IOREQ_SERVER_PAGES' : 'HVM_IOREQ_SERVER_PFN'}: the 4.5 restorer logs "Inconsistent IOREQ Server settings" and sets neither`);
    }
    if (this.env.guest === 'pv' && !this.vcpuInfoSeen) {
      this.once('LEGACY_CONVERT_NO_VCPU_INFO', at, 4, e, 'no VCPU_INFO chunk in this body: the 4.5 restorer takes vCPU 0 as the only online vCPU, but convert-legacy-stream takes none and misreads the tail (vCPU 0\'s context as the shared-info page), so restore on Xen ≥ 4.6 will fail');
    }
  }
}
