import type { ByteSource } from '../bytes/ByteSource.ts';
import { WindowedReader, type ReadingStrategy } from '../bytes/WindowedReader.ts';
import type { CheckId } from '../core/checks.ts';
import type { ScanProgress } from '../core/progress.ts';
import type { ScanContext } from '../core/ScanContext.ts';
import { hex } from '../dissect/show.ts';
import { DiagnosticList } from '../model/Diagnostic.ts';
import type { Layer } from '../model/Layer.ts';
import { EntryFlag, RecordIndex } from '../model/RecordIndex.ts';
import type { LegacyOverride } from '../legacy/shape.ts';
import { GuestMemory } from '../memory/GuestMemory.ts';
import { IndexSummary } from '../overview/IndexSummary.ts';
import type { StreamFacts } from '../core/facts.ts';

export interface ScanOptions {
  /** Force the outer format instead of detecting it. */
  format?: 'auto' | 'xl' | 'libxl' | 'libxc' | 'legacy';
  /**
   * A legacy stream does not say its toolstack width or guest type; the scan infers them (from
   * the domain config or the first bytes) unless given here, for when the guess is wrong.
   */
  legacy?: LegacyOverride;
  /** Also build the guest memory model (PFN → last copy) from the PFN arrays read. */
  memory?: boolean;
  /** Also sum up what the overviews show (records per kind, rounds, the largest records) as entries settle. */
  summary?: boolean;
  signal?: AbortSignal;
  /** Called about every `progressMs` while scanning (and once at the end). */
  onProgress?: (p: ScanProgress, scan: ScanState) => void;
  progressMs?: number;
  /** How the reader trades reads against bytes (the defaults suit a browser File and Node). */
  reading?: Partial<ReadingStrategy>;
}

/** Settled entries the summary takes in at once. */
const SUMMARY_BATCH = 1024;

/** Thrown (and caught by scanStream) when the caller aborts. */
export class ScanAborted extends Error {
  constructor() {
    super('scan cancelled');
  }
}

/** Everything a scan builds, shared by the layer scanners while they run (as their ScanContext). */
export class ScanState implements ScanContext {
  readonly reader: WindowedReader;
  readonly index = new RecordIndex();
  readonly diags = new DiagnosticList();
  readonly facts: StreamFacts = { containers: [], checkpoints: 0, complete: false, endOffset: 0 };
  /** Fed by every page record's PFN entries when the caller asked for it. */
  readonly memory: GuestMemory | null;
  /** Takes in entries once they are settled (the last at the end) when the caller asked for it; see `settle`. */
  readonly summary: IndexSummary | null;
  /** Inside a checkpoint whose libxl part has not ended yet. */
  checkpointOpen = false;
  private lastTick = Date.now();
  private lastYield = Date.now();
  private ticks = 0;
  private reportedRecords = 0;

  constructor(
    readonly source: ByteSource,
    readonly options: ScanOptions = {},
  ) {
    this.reader = new WindowedReader(source, options.reading);
    this.memory = options.memory ? new GuestMemory() : null;
    this.summary = options.summary ? new IndexSummary() : null;
  }

  get size(): number {
    return this.source.size;
  }

  get group(): number {
    return this.facts.checkpoints;
  }

  /** Adds an index entry in the current checkpoint group (a record's body length defaults to its length). */
  entry(offset: number, length: number, layer: Layer, type: number, depth: number, extra?: { bodyLength?: number; header?: boolean }): number {
    this.settle();
    return this.index.add(offset, length, extra?.bodyLength ?? length, layer, type, depth, extra?.header ? EntryFlag.Header : 0, this.facts.checkpoints);
  }

  record(offset: number, length: number, bodyLength: number, layer: Layer, type: number, depth: number): number {
    this.settle();
    return this.index.add(offset, length, bodyLength, layer, type, depth, 0, this.facts.checkpoints);
  }

  /**
   * Before an entry is added, the ones before it are settled (their lengths and numbers final):
   * the summary takes them in SUMMARY_BATCH at a time, in a loop the JIT soon makes fast, where
   * a call per entry cost 45 ns a record (10% of a million-record scan).
   */
  private settle(): void {
    if (this.summary && this.index.count - this.summary.count >= SUMMARY_BATCH) this.summary.add(this.index, this.index.count);
  }

  problem(id: CheckId, offset: number, length: number, record: number, message: string): void {
    this.diags.add(id, offset, length, record, message);
  }

  /**
   * The file ends inside entry `record`, which needed `needed` bytes from `offset`. After a
   * complete checkpoint this is a receiver's failover, not a broken stream.
   */
  truncated(record: number, offset: number, needed: number, what: string): void {
    const have = Math.max(0, this.size - offset);
    if (record >= 0) this.index.truncate(record, have);
    this.endOfData(record, `file ends at ${hex(this.size)}, ${have} byte(s) into ${what} at ${hex(offset)}, which needs ${needed} bytes (${needed - have} missing)`);
  }

  /** The file ends at a record boundary `at` where the stream needed more. */
  missing(at: number, what: string): void {
    this.endOfData(-1, `file ends at ${hex(at)} where ${what} was expected`);
  }

  /** After a complete checkpoint, running out of data is a receiver's failover, not a broken stream. */
  private endOfData(record: number, msg: string): void {
    if (this.facts.checkpoints > 0) {
      this.problem('CHECKPOINT_INCOMPLETE', this.size, 0, record, `${msg}; a checkpointed receiver discards this partial checkpoint and resumes from checkpoint ${this.facts.checkpoints}`);
    } else {
      this.problem('ANY_TRUNCATED', this.size, 0, record, msg);
    }
  }

  /**
   * Whether `tick` has anything to do: cheap enough to ask for every record, so that a dense
   * stream's loop awaits `tick` (a promise and a turn of the event loop) only every 64 records.
   */
  due(): boolean {
    return (++this.ticks & 63) === 0 || !!this.options.signal?.aborted;
  }

  /** Lets the caller cancel, reports progress and yields to the event loop now and then. */
  async tick(offset: number): Promise<void> {
    if (this.options.signal?.aborted) throw new ScanAborted();
    const now = Date.now();
    // The first records are reported as soon as there are any: they are what a user waits to see.
    const first = this.reportedRecords === 0 && this.index.count > 0;
    if (this.options.onProgress && (first || now - this.lastTick >= (this.options.progressMs ?? 100))) {
      this.lastTick = now;
      this.progress(offset);
    }
    if (now - this.lastYield >= 50) {
      this.lastYield = now;
      await new Promise((r) => setTimeout(r, 0));
      if (this.options.signal?.aborted) throw new ScanAborted();
    }
  }

  progress(offset: number): void {
    this.reportedRecords = this.index.count;
    this.options.onProgress?.({ offset, size: this.size, records: this.index.count, diagnostics: this.diags.items.length }, this);
  }
}
