/**
 * What a format's scanner is given while it walks its layer: the scan's reader, index,
 * diagnostics and facts (implemented by scan/ScanState.ts). Formats build on this, never on the
 * scan that composes them, so one format's scanner reaches another's only when handed it.
 */
import type { DiagnosticList } from '../model/Diagnostic.ts';
import type { Layer } from '../model/Layer.ts';
import type { RecordIndex } from '../model/RecordIndex.ts';
import type { CheckId } from './checks.ts';
import type { StreamFacts } from './facts.ts';
import type { PageModel } from './pageSink.ts';

export interface ScanContext {
  /**
   * Reads through the scan's window: fewer bytes only past the end of the file. `heldAt` says
   * where in `held` bytes lie when the reader holds them already (else -1), `hold` reads them
   * there (`holdNow` too, when it can without a promise): the hot path reads them in place,
   * before the next read (which may refill `held`).
   */
  readonly reader: {
    bytes(offset: number, length: number): Promise<Uint8Array>;
    heldAt(offset: number, length: number): number;
    hold(offset: number, length: number): Promise<number>;
    holdNow(offset: number, length: number): number;
    readonly held: Uint8Array;
  };
  readonly index: RecordIndex;
  readonly diags: DiagnosticList;
  readonly facts: StreamFacts;
  /** Fed by every page record's PFN entries when the caller asked for the memory model. */
  readonly memory: PageModel | null;
  /** Inside a checkpoint whose libxl part has not ended yet. */
  checkpointOpen: boolean;
  readonly size: number;
  /** The checkpoint group new entries belong to. */
  readonly group: number;
  /** Adds an index entry in the current checkpoint group; returns its number. */
  entry(offset: number, length: number, layer: Layer, type: number, depth: number, extra?: { bodyLength?: number; header?: boolean }): number;
  /** Adds a record's index entry (framing's hot path: no options object); returns its number. */
  record(offset: number, length: number, bodyLength: number, layer: Layer, type: number, depth: number): number;
  problem(id: CheckId, offset: number, length: number, record: number, message: string): void;
  /** The file ends inside entry `record`, which needed `needed` bytes from `offset`. */
  truncated(record: number, offset: number, needed: number, what: string): void;
  /** The file ends at a record boundary `at` where the stream needed more. */
  missing(at: number, what: string): void;
  /** Lets the caller cancel, reports progress and yields now and then: call it between records. */
  tick(offset: number): Promise<void>;
  /** Whether `tick` has anything to do now; a dense loop asks this for every record and awaits `tick` only when it says so. */
  due(): boolean;
}

/** How a stream layer ended. */
export interface StreamStop {
  /** Reached its proper end (END, or EOF after a complete checkpoint). */
  complete: boolean;
  /** Offset just past the end; meaningful when complete. */
  next: number;
}

/** Walks one stream from `at`, its entries nested `depth` deep: how containers are handed what they carry. */
export type StreamScanner = (ctx: ScanContext, at: number, depth: number) => Promise<StreamStop>;

/** How a run of a carried stream stopped; `next` is the offset of the byte after the stop. */
export interface CarriedStop {
  kind: 'end' | 'checkpoint' | 'eof' | 'broken';
  next: number;
}

/**
 * A stream carried inside another that hands it over at each checkpoint and back: libxc inside
 * libxl, which reads its own records between a libxc CHECKPOINT and the next libxc record.
 */
export interface CarriedStream {
  /** Headers and records from `at`, up to END, a CHECKPOINT, EOF or a break. */
  start(at: number): Promise<CarriedStop>;
  /** Records again from `at`, after the carrier's part of a checkpoint. */
  resume(at: number): Promise<CarriedStop>;
  /** The carrier ended (its END record `entry` at `at`, or -1 at EOF): run the end-of-stream rules. */
  finish(entry: number, at: number): void;
  /** No record of this stream since its last CHECKPOINT. */
  readonly atCheckpoint: boolean;
}
