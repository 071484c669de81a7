/**
 * Walks a libxc stream: image and domain headers, then records until END, or until CHECKPOINT
 * when embedded in a libxl stream (libxl then reads its part of the checkpoint and hands the
 * stream back with `resume`). Reads record headers and PFN arrays and skips page contents.
 */
import { INLINE_BODY_MAX, padTo8, RECORD_HEADER_SIZE } from '../core/sizes.ts';
import { Dissection } from '../dissect/Dissection.ts';
import { hex, sizeText } from '../dissect/show.ts';
import { Layer } from '../model/Layer.ts';
import type { CarriedStop, CarriedStream, ScanContext, StreamStop } from '../core/ScanContext.ts';
import {
  checkPadding,
  frameHeader,
  readBody,
  readPadding,
  type FramedRecord,
} from '../core/framing.ts';
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
import { checkPageDataLength, dissectPageDataHeader, PfnTally, soundPageDataCount } from './pageData.ts';
import { isKnownRecord, libxcRecordKind, recordName } from './kinds.ts';
import type { BodyDissector } from './records.ts';
import { LibxcRules } from './rules.ts';

/** PFN entries examined per read when a PFN array is large. */
const PFN_CHUNK = 8192;

/** What frameHeader's truncation message calls a record of this layer. */
const WHAT = 'libxc record';

/** What most records tell the rules: nothing (one object for all of them). */
const NO_FACTS: RecordFacts = Object.freeze({});

class LibxcScanner implements CarriedStream {
  readonly env: LibxcEnv = { version: 0, guestType: 0, guestWidth: 0 };
  private rules: LibxcRules;
  private lastType = -1;
  /** One tally for all PAGE_DATA records, started afresh for each. */
  private readonly tally: PfnTally;
  /** The framing of the record being read, written afresh for each. */
  private readonly frame: FramedRecord = { entry: 0, at: 0, type: 0, bodyLength: 0, total: 0, fits: false };

  constructor(
    private readonly ctx: ScanContext,
    private readonly depth: number,
    /** Inside a libxl stream: CHECKPOINT hands over to libxl. */
    private readonly embedded: boolean,
  ) {
    const vcpus = ctx.facts.config?.vcpus;
    if (vcpus !== undefined) this.env.vcpus = vcpus;
    this.rules = new LibxcRules(ctx, this.env);
    this.tally = new PfnTally(ctx.memory);
  }

  /** Headers and records from `at` (the image header). */
  async start(at: number): Promise<CarriedStop> {
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
  resume(at: number): Promise<CarriedStop> {
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

  private async records(from: number): Promise<CarriedStop> {
    const ctx = this.ctx;
    let pos = from;
    for (;;) {
      if (ctx.due()) await ctx.tick(pos);
      if (pos >= ctx.size) return { kind: 'eof', next: pos };
      // A dense stream's records lie in the reader's window: read there in place, a record costs
      // no promise and no view (the reader is awaited only when it must read, and not even then
      // from a file in Node).
      const reader = ctx.reader;
      let hAt = reader.holdNow(pos, RECORD_HEADER_SIZE);
      if (hAt < 0) hAt = await reader.hold(pos, RECORD_HEADER_SIZE);
      const r = frameHeader(ctx, pos, reader.held, hAt, Layer.Libxc, this.depth, WHAT, this.frame);
      if (!r) return { kind: 'broken', next: ctx.size };
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
        ctx.problem('R_REC_TOO_LONG', r.at + 4, 4, r.entry, `${recordName(r.type)} body is ${sizeText(r.bodyLength)}; restore refuses records over 128 MiB`);
      }
      if (!r.fits) {
        ctx.truncated(r.entry, r.at, r.total, `${recordName(r.type)} record`);
        return { kind: 'broken', next: ctx.size };
      }
      this.rules.before(r);
      const at = reader.heldAt(r.at, this.examinedLength(r));
      const facts = at >= 0 ? this.examine(r, reader.held, at) : await this.body(r);
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

  /**
   * The bytes from a record's start that `examine` reads: all of it, except that a PAGE_DATA record
   * with a sound header and no padding ends, for the scan, with its PFN array (its pages are
   * skipped). So a sparse image's records, each read into a window of its own, are examined in
   * place too, without the awaits of `body` (a cost in cold code, paid 4,096 times for 16 GiB).
   */
  private examinedLength(r: FramedRecord): number {
    if (r.type !== Rec.PAGE_DATA || padTo8(r.bodyLength) !== 0) return r.total;
    const reader = this.ctx.reader;
    const i = reader.heldAt(r.at, RECORD_HEADER_SIZE + 8);
    const count = i < 0 ? -1 : soundPageDataCount(reader.held, i + RECORD_HEADER_SIZE, r.bodyLength);
    return count < 0 ? r.total : RECORD_HEADER_SIZE + 8 + 8 * count;
  }

  /** Examines a record that is at hand from `at` of `bytes`: all of it (header, body and padding), or as much as `examinedLength` says. */
  private examine(r: FramedRecord, bytes: Uint8Array, at: number): RecordFacts {
    const bodyAt = at + RECORD_HEADER_SIZE;
    if (r.type === Rec.PAGE_DATA) {
      // Header and PFN array read where they lie.
      const count = this.pageDataCount(r, bytes, bodyAt);
      if (!this.pageDataStart(r, count, bytes, bodyAt + r.bodyLength)) return NO_FACTS;
      this.tally.add(bytes, r.at - at, bodyAt + 8, 0, count);
      return this.pageDataEnd(r, count);
    }
    const dissect = libxcRecordKind(r.type).body;
    if (!dissect || r.bodyLength > INLINE_BODY_MAX) return this.unexamined(r, dissect, bytes, bodyAt + r.bodyLength);
    return this.dissectBody(r, dissect, bytes.subarray(bodyAt, at + r.total));
  }

  /** Reads what the scan examines of a record that is not in the reader's window, and examines it. */
  private async body(r: FramedRecord): Promise<RecordFacts> {
    if (r.type === Rec.PAGE_DATA) return this.pageData(r);
    const dissect = libxcRecordKind(r.type).body;
    if (!dissect || r.bodyLength > INLINE_BODY_MAX) return this.unexamined(r, dissect, await readPadding(this.ctx, r), 0);
    return this.dissectBody(r, dissect, await readBody(this.ctx, r));
  }

  /** A record only framed: its padding (from `at` of `bytes`) checked, and why its body was not examined when it has a dissector. */
  private unexamined(r: FramedRecord, dissect: BodyDissector | undefined, bytes: Uint8Array, at: number): RecordFacts {
    const ctx = this.ctx;
    if (dissect) ctx.problem('BODY_NOT_EXAMINED', r.at + RECORD_HEADER_SIZE, r.bodyLength, r.entry, `${recordName(r.type)} body of ${sizeText(r.bodyLength)} is too large to examine; only its framing was checked`);
    checkPadding(ctx, r, bytes, at, 'REC_PADDING_NONZERO');
    return NO_FACTS;
  }

  /** `bytes`: body and padding. */
  private dissectBody(r: FramedRecord, dissect: BodyDissector, bytes: Uint8Array): RecordFacts {
    checkPadding(this.ctx, r, bytes, r.bodyLength, 'REC_PADDING_NONZERO');
    return dissect(this.span(r, bytes.subarray(0, r.bodyLength), r.at + RECORD_HEADER_SIZE), this.env);
  }

  /** The scan's view of bytes of record r at file offset `at`: values and problems, no field tree. */
  private span(r: FramedRecord, bytes: Uint8Array, at: number): Dissection {
    return new Dissection(bytes, at, { littleEndian: true, tree: false, diags: this.ctx.diags, record: r.entry });
  }

  /**
   * A PAGE_DATA record too large for the reader's window: its PFN array read in chunks, its pages
   * skipped. Header and PFNs are read in place in the reader's window (`hold`, no view kept), each
   * before the next read, which may refill the window.
   */
  private async pageData(r: FramedRecord): Promise<RecordFacts> {
    const ctx = this.ctx;
    const reader = ctx.reader;
    const bodyAt = r.at + RECORD_HEADER_SIZE;
    const headAt = await reader.hold(bodyAt, Math.min(8, r.bodyLength));
    const count = this.pageDataCount(r, reader.held, headAt);
    if (!this.pageDataStart(r, count, await readPadding(ctx, r), 0)) return NO_FACTS;
    for (let k = 0; k < count; k += PFN_CHUNK) {
      const n = Math.min(PFN_CHUNK, count - k);
      const at = bodyAt + 8 + 8 * k;
      const i = await reader.hold(at, 8 * n);
      this.tally.add(reader.held, at - i, i, k, n);
      if (k + n < count) await ctx.tick(at);
    }
    return this.pageDataEnd(r, count);
  }

  /** The PFN count of a PAGE_DATA record whose body starts at `at` of `bytes`, or -1 after reporting why its entries cannot be read. */
  private pageDataCount(r: FramedRecord, bytes: Uint8Array, at: number): number {
    const count = soundPageDataCount(bytes, at, r.bodyLength);
    if (count >= 0) return count;
    // A header with a problem goes through its dissector, which says what is wrong.
    return dissectPageDataHeader(this.span(r, bytes.subarray(at, at + Math.min(8, r.bodyLength)), r.at + RECORD_HEADER_SIZE), r.bodyLength);
  }

  /**
   * A PAGE_DATA record's padding (from `padAt` of `padding`) checked and, when its `count` PFN
   * entries can be read (not -1), the tally started for them; false when they cannot.
   */
  private pageDataStart(r: FramedRecord, count: number, padding: Uint8Array, padAt: number): boolean {
    checkPadding(this.ctx, r, padding, padAt, 'REC_PADDING_NONZERO');
    if (count < 0) return false;
    this.tally.start(this.env.guestType === DomainType.X86Pv ? this.rules.pfnRules() : null, r.at + RECORD_HEADER_SIZE + 8 + 8 * count);
    return true;
  }

  /** A PAGE_DATA record's `count` entries all added to the tally: its problems, length rule and index numbers. */
  private pageDataEnd(r: FramedRecord, count: number): RecordFacts {
    const ctx = this.ctx;
    const tally = this.tally;
    tally.report(ctx.diags, r.entry);
    checkPageDataLength(ctx.diags, r.entry, r.at + RECORD_HEADER_SIZE, r.bodyLength, count, tally.pages);
    ctx.index.setAux(r.entry, count, tally.pages, count ? tally.minPfn : 0, count ? tally.maxPfn : 0);
    const facts = ctx.facts.libxc;
    if (facts) {
      facts.pageRecords++;
      facts.pages += tally.pages;
    }
    return NO_FACTS;
  }
}

/** The libxc stream a libxl stream carries: CHECKPOINT hands over to libxl. */
export function carriedLibxc(ctx: ScanContext, depth: number): CarriedStream {
  return new LibxcScanner(ctx, depth, true);
}

/** A libxc stream on its own (or not inside libxl): EOF is its end only after a complete checkpoint. */
export async function scanLibxc(ctx: ScanContext, at: number, depth: number): Promise<StreamStop> {
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
