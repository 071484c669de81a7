/**
 * Search in the open file: one search at a time in the worker (a new one cancels the one in
 * flight), its progress and answer in the store, its matches highlighted, and going from match
 * to match (F3, Shift+F3).
 */
import type { AnalysisArgs, AnalysisReply } from '../../worker/protocol.ts';
import type { ExplorerStore } from '../state/store.ts';
import type { AnalyseOptions } from './scanClient.ts';

export interface SearchHost {
  readonly store: ExplorerStore;
  /** Runs the search analysis on the open file; null when another file was opened meanwhile. */
  analyse(args: AnalysisArgs<'search'>, options: AnalyseOptions): Promise<AnalysisReply<'search'> | null>;
  /** Selects bytes [offset, offset + length) of index entry `record` (-1: outside every record), the hex cursor on the first. */
  selectRange(record: number, offset: number, length: number): void;
}

export class SearchController {
  /** Cancels the search in flight. */
  private abort: AbortController | null = null;

  constructor(private readonly host: SearchHost) {}

  /** Searches the open file: progress and the answer go to the store, and the first match is gone to. */
  async run(args: AnalysisArgs<'search'>): Promise<void> {
    this.cancel();
    const abort = new AbortController();
    this.abort = abort;
    const mine = () => this.abort === abort;
    const store = this.host.store;
    store.getState().setHighlights('search', []);
    store.getState().setSearch({ progress: { done: 0, total: 0 }, reply: null, error: null, current: -1 });
    const onProgress = (progress: { done: number; total: number }) => {
      const now = store.getState().search;
      if (mine() && now) store.getState().setSearch({ ...now, progress });
    };
    try {
      const reply = await this.host.analyse(args, { signal: abort.signal, onProgress });
      if (!reply || !mine()) return;
      this.abort = null;
      store.getState().setSearch({ progress: null, reply, error: null, current: -1 });
      // A match across two guest pages kept apart in the file is marked where each part lies.
      store.getState().setHighlights(
        'search',
        reply.matches.flatMap((m) => [{ offset: m.offset, length: reply.length - (m.rest?.length ?? 0), style: 'match' as const }, ...(m.rest ? [{ offset: m.rest.at, length: m.rest.length, style: 'match' as const }] : [])]),
      );
      if (reply.matches.length) this.goTo(0);
    } catch (e) {
      if (!mine()) return;
      this.abort = null;
      store.getState().setSearch({ progress: null, reply: null, error: (e as Error).message, current: -1 });
    }
  }

  /** Stops the search in flight; it answers with the matches found so far. */
  cancel(): void {
    this.abort?.abort();
  }

  /** Selects match `i`: its record, the matched bytes, the hex cursor on its first byte. */
  goTo(i: number): void {
    const s = this.host.store.getState();
    const reply = s.search?.reply;
    const m = reply?.matches[i];
    if (!reply || !m) return;
    s.setSearch({ ...s.search!, current: i });
    this.host.selectRange(m.record, m.offset, reply.length - (m.rest?.length ?? 0));
  }

  /** The next (1) or previous (-1) match, round the ends (F3, Shift+F3). */
  step(step: 1 | -1): void {
    const search = this.host.store.getState().search;
    const n = search?.reply?.matches.length ?? 0;
    if (!search || n === 0) return;
    const next = search.current < 0 ? (step > 0 ? 0 : n - 1) : (search.current + step + n) % n;
    this.goTo(next);
  }
}
