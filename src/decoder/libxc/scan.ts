/**
 * Walks a libxc stream: image and domain headers, then records until END, or until CHECKPOINT
 * when embedded in a libxl stream (libxl then reads its part of the checkpoint and hands the
 * stream back with `resume`). Reads record headers and PFN arrays and skips page contents.
 */
import { INLINE_BODY_MAX, RECORD_HEADER_SIZE } from '../core/sizes.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { hex, sizeText } from '../dissect/show.ts';
import { Layer } from '../model/Layer.ts';
import type { ScanContext } from '../scan/ScanContext.ts';
import {
  checkPadding,
  frameRecord,
  readBody,
  readPadding,
  type FramedRecord,
} from '../scan/framing.ts';
import {
  DHDR_SIZE,
  DOMAIN_TYPE_NAMES,
  DomainType,
  IHDR_SIZE,
  LibxcHeader,
  Rec,
  REC_LENGTH_MAX,
  REC_OPTIONAL_BIT,
} from './constants.ts';
import type { LibxcEnv, RecordFacts } from './env.ts';
import { dissectDomainHeader, dissectImageHeader } from './headers.ts';
import { checkPageDataLength, dissectPageDataHeader, PfnTally } from './pageData.ts';
import { isKnownRecord, libxcRecordKind, recordName } from './kinds.ts';
import { LibxcRules } from './rules.ts';

/** How a run of libxc records stopped. */
export interface LibxcStop {
  kind: 'end' | 'checkpoint' | 'eof' | 'broken';
  /** Offset of the next byte after the stop. */
  next: number;
}

/** PFN entries examined per read when a PFN array is large. */
const PFN_CHUNK = 8192;

export class LibxcScanner {
  readonly env: LibxcEnv = { version: 0, guestType: 0, guestWidth: 0 };
  private rules: LibxcRules;
  private lastType = -1;

  constructor(
    private readonly ctx: ScanContext,
    private readonly depth: number,
    /** Inside a libxl stream: CHECKPOINT hands over to libxl. */
    private readonly embedded: boolean,
  ) {
    const vcpus = ctx.facts.config?.vcpus;
    if (vcpus !== undefined) this.env.vcpus = vcpus;
    this.rules = new LibxcRules(ctx, this.env);
  }

  /** Headers and records from `at` (the image header). */
  async start(at: number): Promise<LibxcStop> {
    const ctx = this.ctx;
    const ihBytes = await ctx.reader.bytes(at, IHDR_SIZE);
    const ihEntry = ctx.entry(at, IHDR_SIZE, Layer.Libxc, LibxcHeader.Image, this.depth, { header: true });
    if (ihBytes.length < IHDR_SIZE) {
      ctx.truncated(ihEntry, at, IHDR_SIZE, 'the libxc image header');
      return { kind: 'broken', next: ctx.size };
    }
    const ih = dissectImageHeader(new Dissection(ihBytes, at, { littleEndian: false, tree: false, diags: ctx.diags, record: ihEntry }));
    ctx.index.setNote(ihEntry, `version ${ih.version}${ih.bigEndian ? ', big-endian' : ''}`);
    if (!ih.framed) {
      ctx.problem('STREAM_UNREADABLE', at, IHDR_SIZE, ihEntry, 'no libxc image header here (marker or id wrong): the libxc stream cannot be found, so decoding stops');
      return { kind: 'broken', next: at };
    }
    this.env.version = ih.version;
    ctx.facts.containers.push(`libxc v${ih.version}`);

    const dhAt = at + IHDR_SIZE;
    const dhBytes = await ctx.reader.bytes(dhAt, DHDR_SIZE);
    const dhEntry = ctx.entry(dhAt, DHDR_SIZE, Layer.Libxc, LibxcHeader.Domain, this.depth, { header: true });
    if (dhBytes.length < DHDR_SIZE) {
      ctx.truncated(dhEntry, dhAt, DHDR_SIZE, 'the libxc domain header');
      return { kind: 'broken', next: ctx.size };
    }
    const dh = dissectDomainHeader(new Dissection(dhBytes, dhAt, { littleEndian: true, tree: false, diags: ctx.diags, record: dhEntry }));
    this.env.guestType = dh.type;
    const typeName = DOMAIN_TYPE_NAMES[dh.type] ?? `type ${dh.type}`;
    ctx.index.setNote(dhEntry, `${typeName}, ${dh.xenMajor === 0 ? 'converted from legacy' : `Xen ${dh.xenMajor}.${dh.xenMinor}`}`);
    ctx.facts.libxc = { version: ih.version, guestType: dh.type, xenMajor: dh.xenMajor, xenMinor: dh.xenMinor, pageRecords: 0, pages: 0 };
    const cfgType = ctx.facts.config?.type;
    if (cfgType && (dh.type === DomainType.X86Pv || dh.type === DomainType.X86Hvm)) {
      const wantPv = cfgType === 'pv';
      if (wantPv !== (dh.type === DomainType.X86Pv)) {
        ctx.problem('R_DHDR_TYPE_MISMATCH', dhAt, 4, dhEntry, `the stream holds an ${typeName} guest but the domain config says type "${cfgType}": restore into that domain fails`);
      }
    }
    return this.records(dhAt + DHDR_SIZE);
  }

  /** Records again after libxl has read its part of a checkpoint. */
  resume(at: number): Promise<LibxcStop> {
    return this.records(at);
  }

  /** End-of-stream checks for a checkpointed stream that ends after a complete checkpoint. */
  finish(record: number, at: number): void {
    this.rules.finish(record, at);
  }

  /** The last record read was a CHECKPOINT (so EOF here ends a complete checkpoint). */
  get atCheckpoint(): boolean {
    return this.lastType === Rec.CHECKPOINT;
  }

  private async records(from: number): Promise<LibxcStop> {
    const ctx = this.ctx;
    let pos = from;
    for (;;) {
      await ctx.tick(pos);
      if (pos >= ctx.size) return { kind: 'eof', next: pos };
      const r = await frameRecord(ctx, pos, Layer.Libxc, this.depth, 'libxc record');
      if (!r) return { kind: 'broken', next: ctx.size };
      const name = recordName(r.type);
      if (!isKnownRecord(r.type)) {
        if (r.type & REC_OPTIONAL_BIT) {
          ctx.problem('R_OPTIONAL_UNKNOWN', r.at, 4, r.entry, `unknown optional record type ${hex(r.type)} (${r.bodyLength} bytes): restore skips it (verify-stream-v2 rejects it)`);
        } else {
          ctx.problem('REC_UNKNOWN_TYPE', r.at, 4, r.entry, `unknown record type ${hex(r.type)}: restore fails on unknown mandatory records`);
        }
        if (!r.fits) {
          ctx.index.truncate(r.entry, ctx.size - r.at);
          ctx.problem('STREAM_UNREADABLE', r.at, 8, r.entry, `unknown record type ${hex(r.type)} with a length (${r.bodyLength}) that runs past the end of the file: the stream is probably misaligned here, so decoding stops`);
          return { kind: 'broken', next: ctx.size };
        }
      }
      if (r.bodyLength > REC_LENGTH_MAX) {
        ctx.problem('R_REC_TOO_LONG', r.at + 4, 4, r.entry, `${name} body is ${sizeText(r.bodyLength)}; restore refuses records over 128 MiB`);
      }
      if (!r.fits) {
        ctx.truncated(r.entry, r.at, r.total, `${name} record`);
        return { kind: 'broken', next: ctx.size };
      }
      this.rules.before(r);
      const facts = await this.body(r);
      this.rules.after(r, facts);
      if (facts.summary) ctx.index.setNote(r.entry, facts.summary);
      // The vCPU a context record is for, or the vCPUs an HVM context covers: for statistics.
      if (facts.vcpu) ctx.index.setAux(r.entry, facts.vcpu.id);
      else if (facts.vcpus !== undefined) ctx.index.setAux(r.entry, facts.vcpus);
      this.lastType = r.type;
      pos += r.total;
      if (r.type === Rec.END) {
        this.rules.finish(r.entry, r.at);
        return { kind: 'end', next: pos };
      }
      if (r.type === Rec.CHECKPOINT) {
        if (this.embedded) return { kind: 'checkpoint', next: pos };
        ctx.facts.checkpoints++;
      }
    }
  }

  private async body(r: FramedRecord): Promise<RecordFacts> {
    const ctx = this.ctx;
    if (r.type === Rec.PAGE_DATA) return this.pageData(r);
    const dissect = libxcRecordKind(r.type).body;
    if (!dissect || r.bodyLength > INLINE_BODY_MAX) {
      if (dissect) ctx.problem('BODY_NOT_EXAMINED', r.at + RECORD_HEADER_SIZE, r.bodyLength, r.entry, `${recordName(r.type)} body of ${sizeText(r.bodyLength)} is too large to examine; only its framing was checked`);
      checkPadding(ctx, r, await readPadding(ctx, r), 'REC_PADDING_NONZERO');
      return {};
    }
    const bytes = await readBody(ctx, r);
    checkPadding(ctx, r, bytes.subarray(r.bodyLength), 'REC_PADDING_NONZERO');
    const d = new Dissection(bytes.subarray(0, r.bodyLength), r.at + RECORD_HEADER_SIZE, { littleEndian: true, tree: false, diags: ctx.diags, record: r.entry });
    return dissect(d, this.env);
  }

  private async pageData(r: FramedRecord): Promise<RecordFacts> {
    const ctx = this.ctx;
    const bodyAt = r.at + RECORD_HEADER_SIZE;
    const opts = { littleEndian: true, tree: false, diags: ctx.diags, record: r.entry };
    const head = new Dissection(await ctx.reader.bytes(bodyAt, Math.min(8, r.bodyLength)), bodyAt, opts);
    const count = dissectPageDataHeader(head, r.bodyLength);
    checkPadding(ctx, r, await readPadding(ctx, r), 'REC_PADDING_NONZERO');
    if (count < 0) return {};
    const sink = ctx.memory && { add: ctx.memory.addRun, at: bodyAt + 8 + 8 * count };
    const tally = new PfnTally(this.env.guestType === DomainType.X86Pv ? this.rules.pfnRules() : null, sink);
    for (let k = 0; k < count; k += PFN_CHUNK) {
      const n = Math.min(PFN_CHUNK, count - k);
      const at = bodyAt + 8 + 8 * k;
      tally.add(new Dissection(await ctx.reader.bytes(at, 8 * n), at, opts), 0, k, n);
      if (k + n < count) await ctx.tick(at);
    }
    tally.report(ctx.diags, r.entry);
    checkPageDataLength(head, r.bodyLength, count, tally.pages);
    ctx.index.setAux(r.entry, count, tally.pages, count ? tally.minPfn : 0, count ? tally.maxPfn : 0);
    const facts = ctx.facts.libxc;
    if (facts) {
      facts.pageRecords++;
      facts.pages += tally.pages;
    }
    return {};
  }
}

/** A libxc stream on its own (or not inside libxl): EOF is its end only after a complete checkpoint. */
export async function scanLibxc(ctx: ScanContext, at: number, depth: number): Promise<{ complete: boolean; next: number }> {
  const s = new LibxcScanner(ctx, depth, false);
  const stop = await s.start(at);
  if (stop.kind === 'end') return { complete: true, next: stop.next };
  if (stop.kind === 'eof') {
    if (ctx.facts.checkpoints > 0 && s.atCheckpoint) {
      s.finish(-1, stop.next);
      return { complete: true, next: stop.next };
    }
    ctx.missing(stop.next, 'another record (the stream has no END record)');
  }
  return { complete: false, next: stop.next };
}
