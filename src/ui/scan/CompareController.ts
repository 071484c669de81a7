/**
 * Compare with…: the second file, opened as its own worker session beside the open one, compared
 * with it once both scans are done, and what the Compare tab asks of the pair. The open file's
 * session and views are not touched; the comparison ends with the open file.
 */
import { differingRuns } from '../../decoder/diff/pageBytes.ts';
import type { AnalysisReply } from '../../worker/protocol.ts';
import type { ExplorerStore } from '../state/store.ts';
import type { ScanClient, ScanEvent } from './scanClient.ts';

export interface CompareHost {
  readonly store: ExplorerStore;
  readonly client: ScanClient;
  /** The worker session of the open file (A). */
  openSession(): number;
  /** Selects the page copy at `fileOffset` of A in its record, the hex cursor on byte `within`. */
  showPage(record: number, fileOffset: number, within: number): void;
}

export class CompareController {
  /** The compared file's session (0: none), and whether its scan is done. */
  private session = 0;
  private scanned = false;
  /** Cancels the comparison in flight. */
  private abort: AbortController | null = null;

  constructor(private readonly host: CompareHost) {}

  /** Whether a worker event is about the compared file. */
  owns(session: number): boolean {
    return session !== 0 && session === this.session;
  }

  /** Opens `file` as B and compares it with the open file once both scans are done. */
  with(file: File): void {
    this.end();
    this.session = this.host.client.openSession({ kind: 'file', file, name: file.name });
    const s = this.host.store.getState();
    s.setCompare({ file: { name: file.name, size: file.size }, status: 'scanning', progress: null, result: null, error: null, page: null, checkpoints: [null, null], checkpointsB: 0 });
    s.setDockTab('compare');
  }

  /** Stops B's scan or the comparison, keeping what the comparison found. */
  cancel(): void {
    if (this.abort) this.abort.abort();
    else if (this.session) this.host.client.cancel(this.session);
  }

  /** Forgets the compared file. */
  end(): void {
    this.abort?.abort();
    this.abort = null;
    this.host.client.close(this.session);
    this.session = 0;
    this.scanned = false;
    // Only when there is something to end: other views follow every store change.
    const s = this.host.store.getState();
    if (s.compare) s.setCompare(null);
    for (const name of ['compare', 'comparePage']) if (s.highlights[name]?.length) s.setHighlights(name, []);
  }

  /** Compares again, A as of checkpoint `checkpoints[0]` and B as of `checkpoints[1]` (null: the whole stream). */
  recompare(checkpoints: [number | null, number | null]): void {
    if (!this.scanned || this.abort) return;
    this.host.store.getState().setCompare({ status: 'scanning', checkpoints, result: null, page: null, progress: null });
    this.start();
  }

  /**
   * Shows a guest page's last copy in both files (the Compare tab marks the bytes that differ),
   * and A's copy in the hex view with the bytes that differ tinted, the first under the cursor.
   */
  async showPage(pfn: number): Promise<void> {
    const pair = this.pair();
    if (!pair) return;
    const page = await this.host.client.analyse('comparePage', [...pair], { pfn });
    if (!this.still(pair)) return;
    const s = this.host.store.getState();
    s.setCompare({ page });
    const [a, b] = [page.a, page.b];
    if (!('bytes' in a)) return;
    const differs = 'bytes' in b ? differingRuns(a.bytes, b.bytes) : [];
    s.setHighlights('comparePage', differs.map(([at, length]) => ({ offset: a.fileOffset + at, length, style: 'changed' as const })));
    this.host.showPage(s.index.entryAt(a.fileOffset), a.fileOffset, differs[0]?.[0] ?? 0);
  }

  /** Describes entries of A (side 0) or B (side 1) for the records side by side; null when either file changed meanwhile. */
  async entries(side: 0 | 1, entries: readonly number[]): Promise<AnalysisReply<'entries'> | null> {
    const pair = this.pair();
    if (!pair) return null;
    const reply = await this.host.client.analyse('entries', [pair[side]], { entries });
    return this.still(pair) ? reply : null;
  }

  /** Runs the comparison once both files are scanned (the open file's scan calls this as it ends). */
  start(): void {
    const s = this.host.store.getState();
    const pair = this.pair();
    if (!pair || !this.scanned || this.abort || s.status !== 'done' || s.compare?.status !== 'scanning') return;
    const abort = new AbortController();
    this.abort = abort;
    s.setCompare({ status: 'comparing' });
    const store = this.host.store;
    this.host.client
      .analyse('diff', [...pair], { checkpoints: s.compare.checkpoints }, { signal: abort.signal, onProgress: (progress) => this.still(pair) && store.getState().setCompare({ progress }) })
      .then(
        (result) => {
          if (!this.still(pair)) return;
          store.getState().setCompare({ status: result.cancelled ? 'cancelled' : 'done', result });
          // The open file's records that differ, marked in the timeline and hex view.
          const marks = [...result.records.changed.map((c) => ({ ref: c.a!, style: 'changed' as const })), ...result.records.onlyA.map((c) => ({ ref: c.a!, style: 'removed' as const }))];
          store.getState().setHighlights('compare', marks.map((m) => ({ offset: m.ref.offset, length: m.ref.length, style: m.style })));
        },
        (err: Error) => this.still(pair) && store.getState().setCompare({ status: 'failed', error: err.message }),
      )
      .finally(() => {
        if (this.abort === abort) this.abort = null;
      });
  }

  /** A worker event of B's session. */
  onEvent(e: ScanEvent): void {
    const s = this.host.store.getState();
    if (e.type === 'opened') this.opened(e.size, e.fingerprint);
    else if (e.type === 'failed') s.setCompare({ status: 'failed', error: e.message });
    else if (e.type === 'progress') s.setCompare({ progress: { done: e.progress.offset, total: e.progress.size }, checkpointsB: e.facts.checkpoints });
    else if (e.type === 'done') {
      if (e.cancelled) s.setCompare({ status: 'cancelled' });
      else {
        this.scanned = true;
        this.start();
      }
    }
  }

  /** A's and B's sessions now, or null when nothing is compared. */
  private pair(): readonly [number, number] | null {
    return this.session ? [this.host.openSession(), this.session] : null;
  }

  /** Whether the pair a request was made for is still the one compared. */
  private still(pair: readonly [number, number]): boolean {
    return pair[0] === this.host.openSession() && pair[1] === this.session;
  }

  /** B is known by its fingerprint: the link may carry it, and a link that wanted it can tell whether it is the same file. */
  private opened(size: number, fingerprint: string): void {
    const s = this.host.store.getState();
    if (!s.compare) return;
    s.setCompare({ ...s.compare, file: { ...s.compare.file, fingerprint } });
    const wanted = s.wantedCompare;
    if (!wanted) return;
    s.setWantedCompare(null);
    const differs = (wanted.size !== null && wanted.size !== size) || (wanted.fingerprint !== null && wanted.fingerprint !== fingerprint);
    if (differs) s.setLinkProblems([...s.linkProblems, `The file compared with is not the one the link compares with (${wanted.name}, ${wanted.size ?? '?'} bytes): the comparison is of the file given.`]);
  }
}
