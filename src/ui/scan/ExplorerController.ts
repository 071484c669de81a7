/**
 * What the views ask for that involves the worker: opening files and samples, selecting records,
 * fields and bytes (which needs a record's field tree), and the hex view's bytes. Worker
 * messages become store actions here; views only read the store and call these methods.
 */
import { offsetInPage, pageStart, type GuestAddress } from '../../decoder/memory/guestAddress.ts';
import type { PageCopy } from '../../decoder/memory/pageCopies.ts';
import { PAGE_BYTES } from '../../decoder/memory/paging.ts';
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import type { Diagnostic } from '../../decoder/model/Diagnostic.ts';
import { fieldAt, fieldByPath, type Field, type FieldPath } from '../../decoder/model/Field.ts';
import type { AnalysisArgs, AnalysisName, AnalysisReply, ConvertReply, ExportMemoryReply, MemoryExportFormat, ProgressUpdate, ScanInput } from '../../worker/protocol.ts';
import { PageCache } from '../hex/pageCache.ts';
import type { ExplorerState, ExplorerStore, OpenFile, Selection } from '../state/store.ts';
import { CompareController } from './CompareController.ts';
import { SearchController } from './SearchController.ts';
import { ProgressPacer } from './ProgressPacer.ts';
import { ScanClient, type AnalyseOptions, type ScanEvent, type WorkerPort } from './scanClient.ts';

/** Decoded trees kept for going back and forth between records. */
const TREE_CACHE = 32;

/** Bytes for the hex view before a file is open. */
const noPages = () => new PageCache(0, () => Promise.resolve(new Uint8Array(0)));

/** A permalink is being followed in the open scan: it, not the first record, decides the selection. */
const followingLink = (s: ExplorerState) => s.link !== null && s.link.scan === s.scanId && (s.link.stage === 'checking' || s.link.stage === 'waiting');

/** What to select once a record's tree arrives. */
type Then = { kind: 'record' } | { kind: 'byte'; offset: number } | { kind: 'range'; offset: number; length: number };

export class ExplorerController {
  private readonly client: ScanClient;
  /** The worker session of the open file (0: none). */
  private session = 0;
  /** A timeline rows request is in flight; `rowsStale`: ask again when it is answered. */
  private rowsAsked = false;
  private rowsStale = false;
  private trees = new Map<number, Field[]>();
  /** The open scan's progress messages, shown as often as the page can draw them. */
  private readonly progress = new ProgressPacer<ProgressUpdate>((updates) => this.showProgress(updates));
  /** What the open scan reads, to scan it again with other legacy settings. */
  private scanInput: ScanInput | null = null;
  /** The hex view's bytes for the open scan. */
  pages: PageCache = noPages();
  /** Listeners told when a page of bytes arrives. */
  private readonly pageListeners = new Set<() => void>();
  /** The file compared with the open one (the Compare tab). */
  readonly compare: CompareController;
  /** Search in the open file (the Search tab). */
  readonly search: SearchController;

  constructor(
    readonly store: ExplorerStore,
    port: WorkerPort,
  ) {
    this.client = new ScanClient(port, (e) => this.onEvent(e));
    this.search = new SearchController({ store, analyse: (args, options) => this.analyse('search', args, options), selectRange: (record, offset, length) => this.selectRange(record, offset, length, offset) });
    this.compare = new CompareController({ store, client: this.client, openSession: () => this.session, showPage: (record, fileOffset, within) => this.showPage(record, fileOffset, within) });
    store.subscribe((s, prev) => {
      if (s.recordFilter !== prev.recordFilter) this.refreshRows();
    });
  }

  /** A file given while a link waits for its file is decoded as the link says (and then checked against it). */
  openFile(file: File, legacy = this.waitingLinkLegacy()): void {
    this.open({ kind: 'file', file, name: file.name }, legacy);
  }

  openSample(name: string, legacy?: LegacyOverride): void {
    this.open({ kind: 'sample', name }, legacy);
  }

  /** Scans what is open again, a legacy stream decoded as `legacy` says (what it leaves out is inferred). */
  rescan(legacy: LegacyOverride): void {
    if (this.scanInput) this.open(this.scanInput, legacy);
  }

  /** What the open scan reads: a file (or sample) to open again later. */
  get input(): ScanInput | null {
    return this.scanInput;
  }

  /** Starts a scan of `input`, cancelling the one in flight. */
  open(input: ScanInput, legacy?: LegacyOverride): void {
    const file: OpenFile = input.kind === 'file' ? { name: input.name, size: input.file.size } : { name: `${input.name}.save`, size: 0, sample: input.name };
    if (legacy) file.legacy = legacy;
    this.search.cancel();
    this.compare.end();
    this.client.close(this.session);
    this.progress.clear();
    const scan = this.client.openSession(input, legacy);
    this.session = scan;
    this.scanInput = input;
    this.trees = new Map();
    this.pages = noPages();
    this.store.getState().beginOpen(scan, file);
  }

  /** Forgets the open file (back to the start page). */
  close(): void {
    this.search.cancel();
    this.compare.end();
    this.client.close(this.session);
    this.progress.clear();
    this.session = 0;
    this.scanInput = null;
    this.trees = new Map();
    this.pages = noPages();
    this.store.getState().reset();
  }

  cancel(): void {
    this.client.cancel(this.session);
  }

  /** Runs an analysis on the open file; its reply, or null when another file was opened meanwhile. */
  async analyse<K extends AnalysisName>(name: K, args: AnalysisArgs<K>, options?: AnalyseOptions): Promise<AnalysisReply<K> | null> {
    const session = this.session;
    const reply = await this.client.analyse(name, [session], args, options);
    return session === this.session ? reply : null;
  }

  /** The open legacy stream converted to v2 by the worker (a Blob to download), or why it cannot be. */
  convertToV2(): Promise<ConvertReply> {
    return this.client.request(this.session, 'convert', {});
  }

  onPagesLoaded(listener: () => void): () => void {
    this.pageListeners.add(listener);
    return () => this.pageListeners.delete(listener);
  }

  /** Selects an index entry; `then` says what to select inside it once its fields are known. */
  selectRecord(record: number, then: Then = { kind: 'record' }): void {
    const { index } = this.store.getState();
    if (record < 0 || record >= index.count) return;
    const e = index.get(record);
    const initial: Selection =
      then.kind === 'byte'
        ? { record, fieldPath: null, offset: then.offset, length: 1 }
        : then.kind === 'range'
          ? { record, fieldPath: null, offset: then.offset, length: then.length }
          : { record, fieldPath: null, offset: e.offset, length: e.length };
    this.store.getState().select(initial);
    if (then.kind !== 'byte') this.store.getState().setCursor(null);
    if (then.kind === 'record') this.store.getState().revealByte(e.offset);
    const cached = this.trees.get(record);
    if (cached) {
      this.treeArrived(record, cached, then);
      return;
    }
    const scan = this.session;
    this.decode(record).then(
      (tree) => {
        if (scan === this.session) this.treeArrived(record, tree, then);
      },
      (err: Error) => this.store.getState().setFieldsError(record, err.message),
    );
  }

  /**
   * Selects exactly `selection` (a permalink's: its record, field path and bytes as they are)
   * and shows its record's fields. Resolves with them, or null when they could not be decoded
   * or another selection came first.
   */
  async selectExactly(selection: Selection): Promise<Field[] | null> {
    const s = this.store.getState();
    s.select(selection);
    s.setCursor(null);
    if (selection.record < 0) return null;
    try {
      const tree = this.trees.get(selection.record) ?? (await this.decode(selection.record));
      if (this.store.getState().selection !== selection) return null;
      this.store.getState().setFields(selection.record, tree);
      return tree;
    } catch (err) {
      this.store.getState().setFieldsError(selection.record, (err as Error).message);
      return null;
    }
  }

  /** Selects a field of the selected record by its path. */
  selectField(path: FieldPath): void {
    const s = this.store.getState();
    const tree = s.fields?.tree;
    const field = tree && fieldByPath(tree, path);
    if (!s.fields || !field) return;
    s.select({ record: s.fields.record, fieldPath: path, offset: field.offset, length: field.length });
    s.setCursor(null);
    s.revealByte(field.offset);
  }

  /** Selects the innermost field holding a byte, switching records if another one holds it. */
  /**
   * A byte gone to (or clicked) before the scan had indexed it selects the record holding it
   * once the scan gets there: on a big file people go ahead of the scan.
   */
  private selectIndexedByte(s: ExplorerState): void {
    const sel = s.selection;
    if (!sel || sel.record >= 0 || sel.length !== 1 || s.cursor !== sel.offset) return;
    if (s.index.entryAt(sel.offset) >= 0) this.selectByte(sel.offset);
  }

  selectByte(offset: number): void {
    const s = this.store.getState();
    s.setCursor(offset);
    const record = s.index.entryAt(offset);
    if (record < 0) {
      s.select({ record: -1, fieldPath: null, offset, length: 1 });
      return;
    }
    if (s.fields?.record === record) this.treeArrived(record, s.fields.tree, { kind: 'byte', offset });
    else this.selectRecord(record, { kind: 'byte', offset });
  }

  /** Selects a diagnostic's record and bytes, and scrolls the hex view to them. */
  selectDiagnostic(d: Diagnostic): void {
    this.selectRange(d.record, d.offset, d.length);
  }

  /**
   * Selects bytes [offset, offset + length) of index entry `record` (-1: bytes outside every
   * record) and scrolls the hex view to them, or to `cursor`, which the hex cursor is put on.
   */
  selectRange(record: number, offset: number, length: number, cursor: number | null = null): void {
    if (record >= 0) this.selectRecord(record, { kind: 'range', offset, length });
    else this.store.getState().select({ record: -1, fieldPath: null, offset, length });
    const s = this.store.getState();
    if (cursor !== null) s.setCursor(cursor);
    s.revealByte(cursor ?? Math.min(offset, Math.max(0, (s.file?.size ?? 1) - 1)));
  }

  /** Go to offset: shows the byte and selects what holds it. */
  goTo(offset: number): void {
    const s = this.store.getState();
    const size = s.file?.size ?? 0;
    if (size === 0) return;
    const at = Math.min(Math.max(0, offset), size - 1);
    s.revealByte(at);
    this.selectByte(at);
  }

  /** Every page record entry naming guest PFN `pfn`, oldest first. */
  findPfn(pfn: number): Promise<PageCopy[]> {
    return this.client.request(this.session, 'pfnCopies', { pfn });
  }

  /**
   * Shows guest memory at `target` in the Memory tab (brought forward unless `open` is false): the
   * page holding it, read from its last copy; with `select`, that copy's bytes are selected in the
   * record holding them and the hex view goes to the address's byte. An unreadable page says why.
   */
  async showGuest(target: GuestAddress, { select = true, open = true } = {}): Promise<void> {
    const s = this.store.getState();
    s.setGuest({ target, page: null, shownCopy: null });
    if (open) s.setDockTab('memory');
    const page = await this.analyse('guestMemory', { address: pageStart(target), length: PAGE_BYTES }).catch(
      (e: Error): AnalysisReply<'guestMemory'> => ({ ok: false, bytes: new Uint8Array(0), pieces: [], address: 0n, level: 'request', reason: e.message, steps: [] }),
    );
    // Another file, or another address asked for meanwhile.
    if (!page || this.store.getState().guest?.target !== target) return;
    const copy = page.ok ? page.pieces[0]! : null;
    this.store.getState().setGuest({ target, page, shownCopy: copy?.fileOffset ?? null });
    if (select && copy) this.showCopy(copy.record, copy.fileOffset, offsetInPage(target));
  }

  /** Selects one copy of the Memory tab's page (its bytes, in its record) and puts the hex view at byte `within` of it. */
  showCopy(record: number, fileOffset: number, within = 0): void {
    const g = this.store.getState().guest;
    if (g) this.store.getState().setGuest({ ...g, shownCopy: fileOffset });
    this.showPage(record, fileOffset, within);
  }

  /** Selects the page copy at `fileOffset` in its record, the hex cursor on byte `within` of it. */
  private showPage(record: number, fileOffset: number, within: number): void {
    this.selectRange(record, fileOffset, PAGE_BYTES, fileOffset + within);
  }

  /** The guest's memory as an ELF core or raw image (a Blob of slices of the file), or why not. */
  exportMemory(format: MemoryExportFormat): Promise<ExportMemoryReply> {
    return this.client.request(this.session, 'exportMemory', { format });
  }

  /** A record's field tree from the worker, kept when the scan has settled it. */
  private decode(record: number): Promise<Field[]> {
    const scan = this.session;
    return this.client.request(this.session, 'decode', { record }).then((tree) => {
      if (scan === this.session) this.remember(record, tree);
      return tree;
    });
  }

  private waitingLinkLegacy(): LegacyOverride | undefined {
    const link = this.store.getState().link;
    return link && (link.stage === 'needs-file' || link.stage === 'mismatch') ? link.link.legacy : undefined;
  }

  private remember(record: number, tree: Field[]): void {
    // While the scan runs, an entry and the facts its tree depends on may still change.
    if (this.store.getState().status !== 'done') return;
    this.trees.set(record, tree);
    if (this.trees.size > TREE_CACHE) this.trees.delete(this.trees.keys().next().value!);
  }

  private treeArrived(record: number, tree: Field[], then: Then): void {
    const s = this.store.getState();
    if (s.selection?.record !== record) return;
    s.setFields(record, tree);
    switch (then.kind) {
      case 'record':
        break;
      case 'byte': {
        const hit = fieldAt(tree, then.offset);
        s.select(hit && hit.field.length > 0 ? { record, fieldPath: hit.path, offset: hit.field.offset, length: hit.field.length } : { record, fieldPath: null, offset: then.offset, length: 1 });
        break;
      }
      case 'range': {
        // The diagnostic's bytes stay the selection; the tree shows the field they start in.
        const hit = fieldAt(tree, then.offset);
        s.select({ record, fieldPath: hit?.path ?? null, offset: then.offset, length: then.length });
        break;
      }
    }
  }

  /**
   * Asks the worker for the timeline's rows under the current filter: at most one request in
   * flight, and one more when the index or the filter changed while it was.
   */
  private refreshRows(): void {
    if (this.rowsAsked) {
      this.rowsStale = true;
      return;
    }
    const filter = this.store.getState().recordFilter;
    if (!this.session) return;
    this.rowsAsked = true;
    this.rowsStale = false;
    this.analyse('timelineRows', filter)
      .then((rows) => rows && this.store.getState().setTimelineRows({ ...rows, filter }))
      .catch(() => {
        // The session closed under the request; the next file asks afresh.
      })
      .finally(() => {
        this.rowsAsked = false;
        if (this.rowsStale) this.refreshRows();
      });
  }

  /** Marks the bytes every diagnostic is about. */
  private async markProblems(): Promise<void> {
    const marks = await this.analyse('problemHighlights', { severities: ['error', 'warning', 'info'] }).catch(() => null);
    if (marks) this.store.getState().setHighlights('problems', marks);
  }

  private showProgress(updates: ProgressUpdate[]): void {
    const s = this.store.getState();
    const first = s.index.count === 0;
    for (const u of updates) s.progressed(u);
    const now = this.store.getState();
    if (first && now.index.count > 0 && !now.selection && !followingLink(now)) this.selectRecord(0);
    else this.selectIndexedByte(now);
    this.refreshRows();
  }

  private onEvent(e: ScanEvent): void {
    if (this.compare.owns(e.session)) return this.compare.onEvent(e);
    if (e.session !== this.session) return;
    const s = this.store.getState();
    switch (e.type) {
      case 'opened': {
        s.opened(e.name, e.size, e.fingerprint);
        this.pages = new PageCache(
          e.size,
          (offset, length) => this.client.request(this.session, 'read', { offset, length }),
          () => this.pageListeners.forEach((l) => l()),
        );
        break;
      }
      case 'progress':
        this.progress.add(e);
        // Until the first records are on screen, each message is shown at once: they are what the user waits for.
        if (s.index.count === 0) this.progress.flush();
        break;
      case 'done':
        this.progress.flush();
        s.finished(e);
        this.refreshRows();
        void this.markProblems();
        this.compare.start();
        break;
      case 'failed':
        this.progress.flush();
        s.failed(e.message);
        break;
    }
  }
}
