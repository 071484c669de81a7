/**
 * One legacy → v2 conversion in progress: what the walk over the scan's index has learned, and
 * the output it has laid out so far. Each method converts one kind of legacy entry; the table in
 * legacyToV2.ts says which method serves which kind.
 */
import type { ByteSource } from '../decoder/bytes/ByteSource.ts';
import { WindowedReader } from '../decoder/bytes/WindowedReader.ts';
import { hex, latin1 } from '../decoder/dissect/show.ts';
import { decodeEntry } from '../decoder/decodeEntry.ts';
import { PAGE_SIZE } from '../decoder/core/sizes.ts';
import { FILLER_ENTRY, legacyPageHasData, MAGIC_PFN_PARAMS, QEMU_SIGNATURE_SIZE, QemuSignature, XSAVE_HEADER_SIZE } from '../decoder/legacy/constants.ts';
import { DomainType, Rec } from '../decoder/libxc/constants.ts';
import { LibxlRec } from '../decoder/libxl/constants.ts';
import { NO_COPY } from '../decoder/core/pageSink.ts';
import type { Field } from '../decoder/model/Field.ts';
import type { IndexEntry } from '../decoder/model/RecordIndex.ts';
import type { ScanResult } from '../decoder/scan/scanStream.ts';
import { XlFlag } from '../decoder/xl/header.ts';
import * as body from '../generator/bodies.ts';
import { CompressedBody } from './compressedBody.ts';
import { ConversionRefused } from './ConversionRefused.ts';
import { GuestImage } from './GuestImage.ts';
import { writeLastCopies } from './lastCopies.ts';
import { V2Output } from './v2Output.ts';

export type OutputFormat = 'libxc' | 'libxl' | 'xl';

export { ConversionRefused } from './ConversionRefused.ts';

/** Emulator id of a converted stream: the legacy stream does not say which QEMU saved it. */
const EMULATOR_UNKNOWN = 0;
/** libxl header option: the stream was converted from a legacy one. */
const LIBXL_OPT_LEGACY = 2;
/** Byte offset of the xl header's mandatory flags (after the 32-byte magic and the byte-order word). */
const XL_MANDATORY_FLAGS_AT = 36;

const child = (fields: Field[] | undefined, name: string): Field | undefined => fields?.find((f) => f.name === name);
const bigOf = (f: Field | undefined): bigint => BigInt((f?.raw as number | bigint | null) ?? 0);

export class Conversion {
  readonly out = new V2Output();
  readonly warnings: string[] = [];
  private readonly reader: WindowedReader;
  private readonly width: 4 | 8;
  private readonly hvm: boolean;
  private readonly libxl: boolean;
  /** Several checkpoints go into the output: pages come from the guest image (each PFN's last copy), the body's state is the last seen. */
  private readonly image: GuestImage | null;
  /** The current body's compressed pages (a "format B" body of a compressed Remus checkpoint). */
  private compressed: CompressedBody | null = null;
  /** HVM params from chunks: per body as sent (one checkpoint), or the latest values (several). */
  private readonly params = new Map<number, bigint>();
  private tsc: Uint8Array | null = null;
  private xenstore: [string, string][] = [];
  private qemu: IndexEntry | null = null;

  constructor(
    private readonly source: ByteSource,
    private readonly scan: ScanResult,
    private readonly format: OutputFormat,
    /** Index group of the checkpoint converted (checkpoint N is group N - 1). */
    readonly lastGroup: number,
    /** The input's xl header (domain config and all), for xl output. */
    private readonly xlBytes: Uint8Array | null,
  ) {
    const l = scan.facts.legacy!;
    this.reader = new WindowedReader(source);
    this.width = l.width;
    this.hvm = l.guest === 'hvm';
    this.libxl = format !== 'libxc';
    this.image = lastGroup > 0 ? new GuestImage() : null;
  }

  private inTail(e: IndexEntry): boolean {
    return e.group === this.lastGroup;
  }

  private async fields(e: IndexEntry): Promise<Field[]> {
    return decodeEntry(this.source, e, this.scan.facts);
  }

  /** p2m_size: the output's headers (container, libxl, libxc image and domain, PV info, static data end). */
  headers(): void {
    const out = this.out;
    if (this.format === 'xl') out.bytes(this.xlHeader());
    if (this.libxl) {
      out.bytes(body.libxlHeader(LIBXL_OPT_LEGACY));
      out.record(LibxlRec.LIBXC_CONTEXT);
    }
    out.bytes(body.imageHeader(3));
    // Xen version 0.1 marks a converted stream, as convert-legacy-stream writes it.
    out.bytes(body.domainHeader(this.hvm ? DomainType.X86Hvm : DomainType.X86Pv, 0, 1));
    if (!this.hvm) {
      const g = this.scan.facts.legacy!.guestWidth ?? this.width;
      out.record(Rec.X86_PV_INFO, body.pvInfo(g, g === 8 ? 4 : 3));
    }
    out.record(Rec.STATIC_DATA_END);
  }

  /** The original xl header, config and all, with the STREAMv2 flag set. */
  private xlHeader(): Uint8Array {
    if (!this.xlBytes) throw new ConversionRefused(`--format xl needs an xl save file (its header holds the domain config); this is a ${this.scan.format} file: use --format libxl`, 0);
    const h = this.xlBytes.slice();
    const v = new DataView(h.buffer);
    v.setUint32(XL_MANDATORY_FLAGS_AT, v.getUint32(XL_MANDATORY_FLAGS_AT, true) | XlFlag.STREAMV2, true);
    return h;
  }

  async p2mFrames(e: IndexEntry): Promise<void> {
    const w = this.width;
    const words = await this.reader.bytes(e.offset, e.length);
    const v = new DataView(words.buffer, words.byteOffset, words.byteLength);
    const frames = Array.from({ length: e.length / w }, (_, i) => (w === 8 ? Number(v.getBigUint64(i * w, true)) : v.getUint32(i * w, true)));
    this.out.record(Rec.X86_PV_P2M_FRAMES, body.p2mFrames(0, (this.scan.facts.legacy!.p2mSize ?? 1) - 1, frames));
  }

  /** A page batch: one PAGE_DATA (fillers dropped), or its entries into the guest image. */
  async pageBatch(e: IndexEntry): Promise<void> {
    const w = this.width;
    const [count, pages] = e.aux;
    const arrayAt = e.offset + 4;
    const dataAt = arrayAt + w * count;
    // A format B batch (only its PFN array): its pages come in the body's COMPRESSED_DATA chunks.
    if (e.length < 4 + w * count + PAGE_SIZE * pages) this.compressedBody(e);
    const raw = await this.reader.bytes(arrayAt, w * count);
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const entries: { pfn: number; type: number }[] = [];
    let k = 0;
    for (let i = 0; i < count; i++) {
      // Bits 32-63 of a 64-bit toolstack's entry are always 0 (the scan refuses anything else).
      const word = v.getUint32(i * w, true);
      if (word === FILLER_ENTRY) continue;
      const entry = { pfn: word & 0x0fffffff, type: word >>> 28 };
      const hasData = legacyPageHasData(entry.type);
      if (this.compressed) this.compressed.entry(entry.pfn, entry.type);
      else if (this.image) this.image.place(entry.pfn, entry.type, hasData ? dataAt + PAGE_SIZE * k : NO_COPY);
      else entries.push(entry);
      if (hasData) k++;
    }
    // A batch of fillers only carries nothing; a PAGE_DATA without entries is refused by v2 restore.
    if (entries.length) this.out.record(Rec.PAGE_DATA, body.pageDataHead(entries), { offset: dataAt, length: PAGE_SIZE * k });
  }

  /** Compressed pages of the body's batches, into the guest image. */
  async compressedData(e: IndexEntry): Promise<void> {
    const head = 4 + this.width;
    await this.compressedBody(e).chunk(e.offset + head, e.length - head);
  }

  private compressedBody(e: IndexEntry): CompressedBody {
    // Checkpoint 1 is never compressed (the scan refuses compressed pages there), so a compressed one always goes through the image.
    if (!this.image) throw new ConversionRefused('compressed pages in the first checkpoint', e.offset);
    return (this.compressed ??= new CompressedBody(this.image, this.source, this.reader));
  }

  async tscInfo(e: IndexEntry): Promise<void> {
    const f = await this.fields(e);
    const n = (name: string) => Number(bigOf(child(f, name)));
    const tsc = body.tscInfo(n('mode'), n('khz'), bigOf(child(f, 'nsec')), n('incarnation'));
    if (this.image) this.tsc = tsc;
    else this.out.record(Rec.X86_TSC_INFO, tsc);
  }

  async hvmParam(e: IndexEntry, index: number): Promise<void> {
    if (!this.hvm) {
      // The 4.5 restorer ignores it too; v2 restore would refuse HVM_PARAMS in a PV stream.
      this.warnings.push(`${hex(e.offset)}: an HVM param chunk in a PV stream is dropped, as the 4.5 restorer ignores it`);
      return;
    }
    this.params.set(index, bigOf(child(await this.fields(e), 'value')));
  }

  /** libxl's toolstack data: QEMU's physmap, as the xenstore keys libxl ≥ 4.6 keeps it in. */
  async toolstack(e: IndexEntry): Promise<void> {
    if (!this.libxl) return;
    const data = child(await this.fields(e), 'toolstack data')?.children ?? [];
    this.xenstore = data
      .filter((m) => m.name.startsWith('physmap['))
      .flatMap((m): [string, string][] => {
        const root = `physmap/${bigOf(child(m.children, 'phys_offset')).toString(16)}`;
        return [
          [`${root}/start_addr`, bigOf(child(m.children, 'start_addr')).toString(16)],
          [`${root}/size`, bigOf(child(m.children, 'size')).toString(16)],
          [`${root}/name`, String(child(m.children, 'name')?.raw ?? '')],
        ];
      });
  }

  tmem(e: IndexEntry): void {
    this.warnings.push(`${hex(e.offset)}: TMEM chunk dropped: Xen ≥ 4.6 cannot restore transcendent memory, so the guest's tmem pages are lost (a guest treats them as evicted)`);
  }

  /** The end of a body: the HVM params it set (and, for several checkpoints, all the pages). */
  bodyEnd(e: IndexEntry): void {
    this.compressed?.end(e.offset);
    this.compressed = null;
    if (this.image) {
      if (!this.inTail(e)) return;
      writeLastCopies(this.image, this.out);
      if (this.tsc) this.out.record(Rec.X86_TSC_INFO, this.tsc);
    }
    if (this.params.size) this.out.record(Rec.HVM_PARAMS, body.hvmParams([...this.params]));
    if (!this.image) this.params.clear();
  }

  /** A PV vCPU's context (basic, extended or XSAVE): the legacy bytes after a v2 vCPU header. */
  vcpu(e: IndexEntry, type: number): void {
    if (!this.inTail(e)) return;
    // An XSAVE record's mask and size say nothing the v2 record does not.
    const skip = type === Rec.X86_PV_VCPU_XSAVE ? XSAVE_HEADER_SIZE : 0;
    this.out.record(type, body.vcpuRecord(e.aux[0], new Uint8Array(0)), { offset: e.offset + skip, length: e.length - skip });
  }

  sharedInfo(e: IndexEntry): void {
    if (!this.inTail(e)) return;
    this.out.record(Rec.SHARED_INFO, { offset: e.offset, length: e.length });
    this.out.record(Rec.END);
  }

  async magicPfns(e: IndexEntry): Promise<void> {
    if (!this.inTail(e)) return;
    const f = await this.fields(e);
    this.out.record(Rec.HVM_PARAMS, body.hvmParams(MAGIC_PFN_PARAMS.map((index, i) => [index, bigOf(f[i])])));
  }

  hvmContext(e: IndexEntry): void {
    if (!this.inTail(e)) return;
    this.out.record(Rec.HVM_CONTEXT, { offset: e.offset + 4, length: e.length - 4 });
    this.out.record(Rec.END);
  }

  qemuRecord(e: IndexEntry): void {
    if (this.inTail(e)) this.qemu = e;
  }

  /** After the libxc stream: the QEMU state, as libxl records (or, for libxc output, raw after END). */
  async finish(): Promise<void> {
    const out = this.out;
    const q = this.qemu;
    if (!this.libxl) {
      if (q) out.slice({ offset: q.offset, length: q.length });
      return;
    }
    if (this.xenstore.length) out.record(LibxlRec.EMULATOR_XENSTORE_DATA, body.emulatorRecord(EMULATOR_UNKNOWN, 0, body.xenstorePairs(this.xenstore)));
    if (q) {
      const sig = latin1(await this.reader.bytes(q.offset, QEMU_SIGNATURE_SIZE));
      // xend's record runs to the end of the file; the others have a u32 length first.
      const skip = sig === QemuSignature.Xend ? QEMU_SIGNATURE_SIZE : QEMU_SIGNATURE_SIZE + 4;
      out.record(LibxlRec.EMULATOR_CONTEXT, body.emulatorRecord(EMULATOR_UNKNOWN, 0, new Uint8Array(0)), { offset: q.offset + skip, length: q.length - skip });
    }
    out.record(LibxlRec.END);
  }
}
