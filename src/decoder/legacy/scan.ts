/**
 * Walks a legacy (pre-Xen-4.6) stream (spec: legacy-stream.md): header, then BODY (chunks up to
 * chunk id 0) and TAIL (tailScan.ts), repeated for each Remus checkpoint. Reads chunk headers and PFN arrays
 * and skips page contents. The rules that span chunks (what the 4.5 restorer requires, and what
 * convert-legacy-stream cannot convert) are in rules.ts.
 */
import { Dissection } from '../dissect/Dissection.ts';
import { hex, sizeText } from '../dissect/show.ts';
import { DiagnosticList } from '../model/Diagnostic.ts';
import { INLINE_BODY_MAX, PAGE_SIZE } from '../core/sizes.ts';
import type { LegacyFacts } from '../core/facts.ts';
import type { ScanContext, StreamScanner, StreamStop } from '../core/ScanContext.ts';
import { chunkLength, chunkLengthFieldSize, CHUNK_DISSECTORS } from './chunks.ts';
import { Chunk, chunkEntryType, LegacyEntry } from './constants.ts';
import { LegacyEntries } from './entries.ts';
import type { LegacyEnv } from './env.ts';
import { dissectExtendedInfo, dissectP2mSize, isSignature, p2mFrameCount, P2mFrameTally } from './header.ts';
import { dissectBatchId, LegacyPfnTally } from './pageBatch.ts';
import { chunkName, LegacyRules } from './rules.ts';
import { inferLegacyShape, type LegacyOverride } from './shape.ts';
import { scanTail } from './tailScan.ts';
import { walkTmem } from './tmem.ts';

/** Words of a PFN array or frame list examined per read. */
const WORDS_PER_READ = 8192;
/**
 * Oversized batches (the restorer refuses more than 1024 pages) are still framed, by reading
 * their PFN arrays, up to this many entries; beyond, the id is garbage and decoding stops.
 */
const OVERSIZED_BATCH_MAX = 1 << 20;
/** Compressed page data is read in pieces of this size to count its pages. */
const COMPRESSED_READ = 1 << 20;

/** The legacy scanner; `override` is what the user says of width and guest type when the guess is wrong. */
export function legacyScanner(override?: LegacyOverride): StreamScanner {
  return (ctx, at, depth) => new LegacyScanner(ctx, depth, override).run(at);
}

class LegacyScanner {
  private env!: LegacyEnv;
  private facts!: LegacyFacts;
  /** LAST_CHECKPOINT in the current body: the stream ends after this tail. */
  private lastCheckpoint = false;
  /** A second checkpoint began: a Remus stream. */
  private remus = false;
  /** ENABLE_COMPRESSION came in the first checkpoint: later bodies are "format B". */
  private compressionEnabled = false;
  private formatB = false;
  private rules!: LegacyRules;

  private readonly entries: LegacyEntries;

  constructor(
    private readonly ctx: ScanContext,
    depth: number,
    private readonly override: LegacyOverride | undefined,
  ) {
    this.entries = new LegacyEntries(ctx, depth);
  }

  async run(at: number): Promise<StreamStop> {
    const ctx = this.ctx;
    const stop = { complete: false, next: ctx.size };
    let pos = await this.header(at);
    if (pos === null) return stop;
    for (;;) {
      const bodyEnd = await this.body(pos);
      if (bodyEnd === null) return stop;
      const tail = await scanTail(this.entries, this.env, this.rules, this.facts, bodyEnd);
      if (tail === null) return stop;
      pos = tail.next;
      if (this.lastCheckpoint || tail.toEndOfFile || pos >= ctx.size) {
        if (this.remus) ctx.facts.checkpoints++;
        return { complete: true, next: pos };
      }
      // No LAST_CHECKPOINT and more bytes: the next Remus checkpoint, BODY and TAIL again.
      ctx.facts.checkpoints++;
      if (!this.remus) {
        this.remus = true;
        this.rules.secondCheckpoint(pos);
      }
      this.formatB = this.compressionEnabled;
    }
  }

  /** p2m_size, and for PV the extended info and P2M frame list. Returns where the body starts. */
  private async header(at: number): Promise<number | null> {
    const ctx = this.ctx;
    const head = await ctx.reader.bytes(at, 16);
    const shape = inferLegacyShape(head, ctx.facts.config, this.override);
    const w = shape.width;
    this.env = { width: w, guest: shape.guest, p2mSize: -1, guestWidth: w, extendedContexts: false, xsaveSize: 0 };
    if (ctx.facts.config?.vcpus !== undefined) this.env.vcpus = ctx.facts.config.vcpus;
    this.rules = new LegacyRules(ctx, this.env);
    this.facts = { width: w, guest: shape.guest, widthFrom: shape.widthFrom, guestFrom: shape.guestFrom, decidedBy: shape.decidedBy, pageBatches: 0, pages: 0 };
    ctx.facts.legacy = this.facts;
    ctx.facts.containers.push('legacy');

    const e = this.entries.add(at, w, LegacyEntry.P2mSize, true);
    const guessed = shape.widthFrom === 'stream' || shape.guestFrom === 'stream';
    ctx.problem('LEGACY_SHAPE', at, w, e, `legacy stream read as: ${shape.decidedBy}${guessed ? '. If this is wrong, say so (xen-stream --legacy-width 32|64 --legacy-guest pv|hvm)' : ''}`);
    this.rules.header(shape, at, e);
    if (head.length < w) {
      this.entries.fits(e, at, w, 'the legacy p2m_size word');
      return null;
    }
    const p2mSize = dissectP2mSize(new Dissection(head.subarray(0, w), at, this.entries.opts(e)), this.env);
    this.env.p2mSize = p2mSize;
    this.facts.p2mSize = p2mSize;
    ctx.index.setNote(e, `${p2mSize} PFNs (${sizeText(p2mSize * PAGE_SIZE)})`);
    let pos = at + w;
    if (shape.guest === 'hvm') return pos;

    const sig = await ctx.reader.bytes(pos, w + 4);
    if (sig.length >= w && isSignature(new Dissection(sig, pos, this.entries.opts(-1)), 0, w)) {
      const next = await this.extendedInfo(pos, sig);
      if (next === null) return null;
      pos = next;
    } else if (sig.length >= w) {
      ctx.problem('LEGACY_CONVERT_NO_EXTENDED_INFO', pos, w, e, `no extended-info signature after p2m_size: a very old PV stream (the P2M frame list starts here and the guest is taken to be ${w * 8}-bit), or not a PV stream at all (--legacy-guest hvm). The 4.5 restorer reads it, but convert-legacy-stream refuses it, so restore on Xen ≥ 4.6 will fail`);
    }
    this.facts.guestWidth = this.env.guestWidth;
    return this.p2mFrames(pos);
  }

  private async extendedInfo(at: number, sig: Uint8Array): Promise<number | null> {
    const ctx = this.ctx;
    const w = this.env.width;
    const total = sig.length >= w + 4 ? new DataView(sig.buffer, sig.byteOffset).getUint32(w, true) : 0;
    const length = w + 4 + total;
    const e = this.entries.add(at, length, LegacyEntry.ExtendedInfo, true);
    if (!this.entries.fits(e, at, sig.length < w + 4 ? w + 4 : length, 'the extended info')) return null;
    const bytes = await ctx.reader.bytes(at, Math.min(length, INLINE_BODY_MAX));
    const info = dissectExtendedInfo(new Dissection(bytes, at, this.entries.opts(e)), this.env);
    if (length > INLINE_BODY_MAX) ctx.problem('BODY_NOT_EXAMINED', at, length, e, `extended info of ${sizeText(length)}: only its first ${sizeText(INLINE_BODY_MAX)} were examined`);
    this.env.guestWidth = info.guestWidth ?? w;
    this.env.extendedContexts = info.extendedContexts;
    this.env.xsaveSize = info.xsaveSize;
    Object.assign(this.facts, { extendedContexts: info.extendedContexts, xsaveSize: info.xsaveSize });
    ctx.index.setNote(e, `${this.env.guestWidth * 8}-bit guest${info.extendedContexts ? ', extended vCPU contexts' : ''}${info.xsaveSize ? `, XSAVE records of ${info.xsaveSize} bytes` : ''}`);
    return at + length;
  }

  private async p2mFrames(at: number): Promise<number | null> {
    const ctx = this.ctx;
    const w = this.env.width;
    const count = p2mFrameCount(this.env);
    const e = this.entries.add(at, count * w, LegacyEntry.P2mFrames, true);
    ctx.index.setNote(e, `${count} frame(s) of the guest's P2M table`);
    if (!this.entries.fits(e, at, count * w, 'the P2M frame list')) return null;
    const tally = new P2mFrameTally(this.env);
    for (let k = 0; k < count; k += WORDS_PER_READ) {
      const n = Math.min(WORDS_PER_READ, count - k);
      const from = at + w * k;
      tally.add(new Dissection(await ctx.reader.bytes(from, w * n), from, this.entries.opts(e)), 0, k, n);
      await ctx.tick(from);
    }
    tally.report(ctx.diags, e);
    return at + count * w;
  }

  /** Chunks up to chunk id 0. Returns where the tail starts. */
  private async body(from: number): Promise<number | null> {
    const ctx = this.ctx;
    this.lastCheckpoint = false;
    this.rules.startBody(this.formatB);
    let pos = from;
    for (;;) {
      await ctx.tick(pos);
      if (pos >= ctx.size) {
        ctx.missing(pos, 'a chunk id (a body ends with chunk id 0)');
        return null;
      }
      const idBytes = await ctx.reader.bytes(pos, 4);
      if (idBytes.length < 4) {
        this.entries.fits(-1, pos, 4, 'a chunk id');
        return null;
      }
      const id = new DataView(idBytes.buffer, idBytes.byteOffset).getInt32(0, true);
      let next: number | null;
      if (id === 0) {
        this.endOfBody(this.entries.add(pos, 4, LegacyEntry.BodyEnd), pos);
        return pos + 4;
      }
      if (id > 0) next = await this.pageBatch(pos, id);
      else if (id === Chunk.TMEM || id === Chunk.TMEM_EXTRA) next = await this.tmem(pos, id);
      else next = await this.special(pos, id);
      if (next === null) return null;
      pos = next;
    }
  }

  private endOfBody(e: number, at: number): void {
    const ctx = this.ctx;
    ctx.index.setNote(e, this.remus ? `end of checkpoint ${ctx.facts.checkpoints + 1}'s body` : 'end of body');
    this.rules.endOfBody(e, at);
  }

  private async pageBatch(at: number, count: number): Promise<number | null> {
    const ctx = this.ctx;
    const w = this.env.width;
    const arrayEnd = at + 4 + w * count;
    if (arrayEnd > ctx.size) {
      const e = this.entries.add(at, arrayEnd - at, LegacyEntry.PageBatch);
      dissectBatchId(new Dissection(await ctx.reader.bytes(at, 4), at, this.entries.opts(e)), count);
      ctx.index.setAux(e, count);
      this.entries.fits(e, at, arrayEnd - at, `the PFN array of a ${count}-page batch`);
      return null;
    }
    if (count > OVERSIZED_BATCH_MAX) {
      const e = this.entries.add(at, arrayEnd - at, LegacyEntry.PageBatch);
      dissectBatchId(new Dissection(await ctx.reader.bytes(at, 4), at, this.entries.opts(e)), count);
      ctx.index.setAux(e, count);
      ctx.problem('STREAM_UNREADABLE', at, 4, e, `a "batch" of ${count} pages is most likely not a chunk id at all (the stream is misaligned here); its length depends on every one of its entries, so decoding stops`);
      return null;
    }
    const sink = ctx.memory && { model: ctx.memory, at: this.formatB ? null : at + 4 + w * count };
    const tally = new LegacyPfnTally(at, w, this.env.p2mSize, count, sink);
    for (let k = 0; k < count; k += WORDS_PER_READ) {
      const n = Math.min(WORDS_PER_READ, count - k);
      const from = at + 4 + w * k;
      tally.add(new Dissection(await ctx.reader.bytes(from, w * n), from, this.entries.opts(-1)), 0, k, n);
      if (k + n < count) await ctx.tick(from);
    }
    // Format B batches carry only PFNs: their pages come in COMPRESSED_DATA chunks.
    const pagesHere = this.formatB ? 0 : tally.pages;
    if (this.formatB) this.rules.awaitCompressed(tally.pages);
    const length = 4 + w * count + PAGE_SIZE * pagesHere;
    const e = this.entries.add(at, length, LegacyEntry.PageBatch);
    dissectBatchId(new Dissection(await ctx.reader.bytes(at, 4), at, this.entries.opts(e)), count);
    tally.report(ctx.diags, e);
    ctx.index.setAux(e, count, tally.pages, tally.maxPfn >= 0 ? tally.minPfn : 0, Math.max(0, tally.maxPfn));
    if (this.formatB) ctx.index.setNote(e, `${count} PFN${count === 1 ? '' : 's'}, ${tally.pages} compressed page(s) later in the body`);
    this.facts.pageBatches++;
    this.facts.pages += tally.pages;
    if (!this.entries.fits(e, at, length, `a ${count}-page batch`)) return null;
    return at + length;
  }

  private async tmem(at: number, id: number): Promise<number | null> {
    const ctx = this.ctx;
    const local = new DiagnosticList();
    const walk = await walkTmem((a, n) => ctx.reader.bytes(a, n), at, ctx.size, id === Chunk.TMEM_EXTRA, { littleEndian: true, tree: false, diags: local, record: -1 }, (a) => ctx.tick(a));
    const e = this.entries.add(at, walk.cut ? walk.needed : walk.length, chunkEntryType(id));
    for (const d of local.items) ctx.problem(d.id, d.offset, d.length, e, d.message);
    ctx.index.setNote(e, walk.summary);
    this.rules.tmem(id, at, e);
    if (walk.cut) {
      ctx.truncated(e, at, walk.needed, `the ${chunkName(id)} chunk`);
      return null;
    }
    return at + walk.length;
  }

  private async special(at: number, id: number): Promise<number | null> {
    const ctx = this.ctx;
    const w = this.env.width;
    const fieldSize = chunkLengthFieldSize(id, w);
    const head = await ctx.reader.bytes(at, 4 + fieldSize);
    if (head.length < 4 + fieldSize) {
      const e = this.entries.add(at, 4 + fieldSize, chunkEntryType(id));
      this.entries.fits(e, at, 4 + fieldSize, `the ${chunkName(id)} chunk`);
      return null;
    }
    const length = chunkLength(id, new DataView(head.buffer, head.byteOffset + 4, fieldSize), w);
    if (length === null) {
      const e = this.entries.add(at, 4, chunkEntryType(id));
      ctx.problem('LEGACY_CHUNK_UNKNOWN', at, 4, e, `chunk id ${id} (${hex(id >>> 0)}) is not a page count (1-1024), 0 or a chunk Xen defines (-1 to -20): the 4.5 restorer and convert-legacy-stream both refuse it, and its length is unknown, so decoding stops here`);
      return null;
    }
    const e = this.entries.add(at, length, chunkEntryType(id));
    if (!this.entries.fits(e, at, length, `the ${chunkName(id)} chunk`)) return null;
    // Compressed pages are read separately, in pieces, to count them.
    const bytes = await ctx.reader.bytes(at, id === Chunk.COMPRESSED_DATA ? 4 + w : Math.min(length, INLINE_BODY_MAX));
    const facts = CHUNK_DISSECTORS[id]!(new Dissection(bytes, at, this.entries.opts(e)), this.env, id);
    if (facts.summary) ctx.index.setNote(e, facts.summary);
    if (length > INLINE_BODY_MAX && id === Chunk.TOOLSTACK) ctx.problem('BODY_NOT_EXAMINED', at, length, e, `toolstack data of ${sizeText(length)} is too large to examine`);
    this.rules.chunk(id, facts, at, e);
    if (id === Chunk.LAST_CHECKPOINT) this.lastCheckpoint = true;
    if (id === Chunk.ENABLE_COMPRESSION && !this.remus && ctx.facts.checkpoints === 0) this.compressionEnabled = true;
    if (id === Chunk.COMPRESSED_DATA) await this.compressedData(e, at, length);
    return at + length;
  }

  /** Feeds the page counter with the chunk's data, read in pieces (the one place pages are read). */
  private async compressedData(e: number, at: number, length: number): Promise<void> {
    const ctx = this.ctx;
    const c = this.rules.compressed;
    if (!c) {
      ctx.problem('LEGACY_COMPRESSION_MISMATCH', at, 4, e, 'COMPRESSED_DATA in a body whose pages are not compressed (compression starts with the checkpoint after ENABLE_COMPRESSION in the first one): the 4.5 restorer would take it for page data');
      return;
    }
    const dataAt = at + 4 + this.env.width;
    for (let off = dataAt; off < at + length && !c.error; off += COMPRESSED_READ) {
      const n = Math.min(COMPRESSED_READ, at + length - off);
      c.feed(await ctx.reader.bytes(off, n), off);
      await ctx.tick(off);
    }
  }
}
