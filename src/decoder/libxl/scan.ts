/**
 * Walks a libxl stream: header, records, the embedded libxc stream after LIBXC_CONTEXT, and the
 * checkpoint hand-overs of Remus/COLO streams (libxc CHECKPOINT → libxl records → CHECKPOINT_END
 * [→ CHECKPOINT_STATE] → libxc again), which may end after any complete checkpoint.
 */
import { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import { Layer } from '../model/Layer.ts';
import type { CarriedStream, ScanContext, StreamScanner, StreamStop } from '../core/ScanContext.ts';
import { INLINE_BODY_MAX, RECORD_HEADER_SIZE } from '../core/sizes.ts';
import { checkPadding, frameRecord, readBody, readPadding, type FramedRecord } from '../core/framing.ts';
import { LHDR_SIZE, LibxlHeader, LibxlRec } from './constants.ts';
import { LIBXL_RECORD_KINDS, libxlRecordKind, libxlRecordName } from './kinds.ts';
import { dissectLibxlHeader, type LibxlFacts } from './records.ts';

/** Opens the libxc stream a libxl stream carries (libxc/scan.ts's carriedLibxc, given by the composer). */
export type CarriedLibxc = (ctx: ScanContext, depth: number) => CarriedStream;

/** The libxl scanner, reading the libxc stream inside with `libxc`. */
export function libxlScanner(libxc: CarriedLibxc): StreamScanner {
  return (ctx, at, depth) => scanLibxl(ctx, at, depth, libxc);
}

async function scanLibxl(ctx: ScanContext, at: number, depth: number, libxc: CarriedLibxc): Promise<StreamStop> {
  const hb = await ctx.reader.bytes(at, LHDR_SIZE);
  const he = ctx.entry(at, LHDR_SIZE, Layer.Libxl, LibxlHeader.Stream, depth, { header: true });
  if (hb.length < LHDR_SIZE) {
    ctx.truncated(he, at, LHDR_SIZE, 'the libxl header');
    return { complete: false, next: ctx.size };
  }
  const h = dissectLibxlHeader(new Dissection(hb, at, { littleEndian: false, tree: false, diags: ctx.diags, record: he }));
  ctx.index.setNote(he, `version ${h.version}${h.legacy ? ', converted from legacy' : ''}`);
  if (!h.framed) {
    ctx.problem('STREAM_UNREADABLE', at, 8, he, 'no libxl header here: the libxl stream cannot be found, so decoding stops');
    return { complete: false, next: at };
  }
  ctx.facts.containers.push(`libxl v${h.version}`);
  ctx.facts.libxl = { version: h.version, legacyConverted: h.legacy, emulatorRecords: 0 };
  return new LibxlScanner(ctx, depth, libxc).records(at + LHDR_SIZE);
}

class LibxlScanner {
  private libxc: CarriedStream | null = null;
  /** Just after CHECKPOINT_END: a COLO CHECKPOINT_STATE may come before libxc resumes. */
  private betweenCheckpoints = false;

  constructor(
    private readonly ctx: ScanContext,
    private readonly depth: number,
    private readonly openLibxc: CarriedLibxc,
  ) {}

  async records(from: number): Promise<StreamStop> {
    const ctx = this.ctx;
    let pos = from;
    for (;;) {
      await ctx.tick(pos);
      if (pos >= ctx.size) return this.endOfFile(pos);
      // After CHECKPOINT_END the stream goes back to libxc, after COLO's CHECKPOINT_STATE if any.
      let resumeAfter = false;
      if (this.betweenCheckpoints) {
        this.betweenCheckpoints = false;
        resumeAfter = await this.isCheckpointState(pos);
        if (!resumeAfter) {
          const stop = await this.runLibxc(pos, false);
          if (!stop) return { complete: false, next: ctx.size };
          if ('complete' in stop) return stop;
          pos = stop.next;
          continue;
        }
      }
      const r = await frameRecord(ctx, pos, Layer.Libxl, this.depth, 'libxl record');
      if (!r) return { complete: false, next: ctx.size };
      const name = libxlRecordName(r.type);
      if (!(r.type in LIBXL_RECORD_KINDS)) {
        ctx.problem('LREC_UNKNOWN_TYPE', r.at, 4, r.entry, `unknown libxl record type ${hex(r.type)}: libxl restore fails on it${r.type & 0x80000000 ? ' (libxl does not skip optional records)' : ''}`);
        if (!r.fits) {
          ctx.index.truncate(r.entry, ctx.size - r.at);
          ctx.problem('STREAM_UNREADABLE', r.at, 8, r.entry, `unknown libxl record type ${hex(r.type)} with a length (${r.bodyLength}) that runs past the end of the file: the stream is probably misaligned here, so decoding stops`);
          return { complete: false, next: ctx.size };
        }
      }
      if (!r.fits) {
        ctx.truncated(r.entry, r.at, r.total, `libxl ${name} record`);
        return { complete: false, next: ctx.size };
      }
      if (r.type === LibxlRec.EMULATOR_XENSTORE_DATA || r.type === LibxlRec.EMULATOR_CONTEXT) ctx.facts.libxl!.emulatorRecords++;
      const facts = await this.body(r);
      if (facts.summary) ctx.index.setNote(r.entry, facts.summary);
      this.orderRules(r, facts);
      pos += r.total;
      switch (r.type) {
        case LibxlRec.END:
          this.libxc?.finish(r.entry, r.at);
          return { complete: true, next: pos };
        case LibxlRec.LIBXC_CONTEXT: {
          const stop = await this.runLibxc(pos, true);
          if (!stop) return { complete: false, next: ctx.size };
          if ('complete' in stop) return stop;
          pos = stop.next;
          break;
        }
        case LibxlRec.CHECKPOINT_END:
          if (ctx.checkpointOpen) {
            ctx.checkpointOpen = false;
            ctx.facts.checkpoints++;
            this.betweenCheckpoints = true;
          }
          break;
      }
      if (resumeAfter && pos < ctx.size) {
        const stop = await this.runLibxc(pos, false);
        if (!stop) return { complete: false, next: ctx.size };
        if ('complete' in stop) return stop;
        pos = stop.next;
      }
    }
  }

  /**
   * Runs the libxc stream from `at`. Returns where libxl continues, a final stop when the file
   * ended, or null when the libxc stream broke.
   */
  private async runLibxc(at: number, start: boolean): Promise<{ next: number } | StreamStop | null> {
    const ctx = this.ctx;
    if (start || !this.libxc) this.libxc = this.openLibxc(ctx, this.depth + 1);
    const stop = start ? await this.libxc.start(at) : await this.libxc.resume(at);
    switch (stop.kind) {
      case 'end':
        return { next: stop.next };
      case 'checkpoint':
        ctx.checkpointOpen = true;
        return { next: stop.next };
      case 'eof':
        return this.endOfFile(stop.next);
      case 'broken':
        return null;
    }
  }

  /** EOF at a record boundary: fine after a complete checkpoint, else the stream is cut short. */
  private endOfFile(at: number): StreamStop {
    const ctx = this.ctx;
    if (ctx.facts.checkpoints > 0 && !ctx.checkpointOpen && (this.libxc?.atCheckpoint ?? false)) {
      // No libxc record since the last CHECKPOINT_END: the last checkpoint is complete.
      this.libxc?.finish(-1, at);
      return { complete: true, next: at };
    }
    ctx.missing(at, ctx.checkpointOpen ? 'the rest of the checkpoint, up to CHECKPOINT_END' : 'another record (the stream has no END record)');
    return { complete: false, next: at };
  }

  /**
   * Between checkpoints the next record is libxl's CHECKPOINT_STATE (COLO) or libxc's again. Both
   * use type 5; a CHECKPOINT_STATE body is 4 bytes, a libxc X86_PV_VCPU_EXTENDED is at least 8.
   */
  private async isCheckpointState(at: number): Promise<boolean> {
    const h = await this.ctx.reader.bytes(at, RECORD_HEADER_SIZE);
    if (h.length < RECORD_HEADER_SIZE) return false;
    const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
    return dv.getUint32(0, true) === LibxlRec.CHECKPOINT_STATE && dv.getUint32(4, true) < 8;
  }

  private async body(r: FramedRecord): Promise<LibxlFacts> {
    const ctx = this.ctx;
    const dissect = libxlRecordKind(r.type).body;
    if (!dissect || r.bodyLength > INLINE_BODY_MAX) {
      checkPadding(ctx, r, await readPadding(ctx, r), 0, 'LREC_PADDING_NONZERO');
      return {};
    }
    const bytes = await readBody(ctx, r);
    checkPadding(ctx, r, bytes, r.bodyLength, 'LREC_PADDING_NONZERO');
    return dissect(new Dissection(bytes.subarray(0, r.bodyLength), r.at + RECORD_HEADER_SIZE, { littleEndian: true, tree: false, diags: ctx.diags, record: r.entry }));
  }

  /** What libxl restore enforces about where records may appear. */
  private orderRules(r: FramedRecord, f: LibxlFacts): void {
    const ctx = this.ctx;
    const t = r.type;
    if (t === LibxlRec.EMULATOR_XENSTORE_DATA || t === LibxlRec.EMULATOR_CONTEXT) {
      const cfg = ctx.facts.config?.type;
      const libxcType = ctx.facts.libxc?.guestType;
      const notHvm = cfg ? cfg !== 'hvm' : libxcType === 1;
      if (notHvm) {
        ctx.problem('R_EMU_NOT_HVM', r.at, 8, r.entry, `${libxlRecordName(t)} in a stream for a ${cfg ? cfg.toUpperCase() : 'PV'} guest: libxl restore only accepts emulator records for HVM guests`);
      }
    }
    if (t === LibxlRec.CHECKPOINT_END && !ctx.checkpointOpen) {
      ctx.problem('R_CP_END_UNEXPECTED', r.at, 8, r.entry, 'CHECKPOINT_END outside a checkpoint (no libxc CHECKPOINT before it): libxl restore fails');
    }
    if (t === LibxlRec.CHECKPOINT_STATE) {
      const expected = this.libxc !== null && !ctx.checkpointOpen && ctx.facts.checkpoints > 0 && this.lastWasCheckpointEnd(r.entry);
      if (!expected) {
        ctx.problem('R_CP_STATE_UNEXPECTED', r.at, 8, r.entry, 'CHECKPOINT_STATE where no COLO step waits for one (only right after CHECKPOINT_END): libxl restore fails');
      } else if (f.checkpointState !== undefined && f.checkpointState !== 0) {
        ctx.problem('R_COLO_STATE_VALUE', r.at + 8, 4, r.entry, `CHECKPOINT_STATE ${f.checkpointState} on the forward channel: the secondary expects NEW (0) here`);
      }
    }
  }

  private lastWasCheckpointEnd(entry: number): boolean {
    const idx = this.ctx.index;
    return entry > 0 && idx.layer(entry - 1) === Layer.Libxl && idx.type(entry - 1) === LibxlRec.CHECKPOINT_END;
  }
}
