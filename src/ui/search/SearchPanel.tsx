/**
 * The Search panel: a query (hex with ?? wildcards, ASCII or UTF-16LE text, an integer of a
 * width and byte order) over the whole file, the selected record or guest PFNs. Enter searches
 * in the worker, with a progress bar and Cancel; the matches are listed, and choosing one (or
 * F3 / Shift+F3) selects its bytes.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parseQuery, type SearchKind } from '../../decoder/search/pattern.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count } from '../format.ts';
import { searchScope } from './searchScope.ts';
import { SearchResultsList } from './SearchResultsList.tsx';
import './search.css';

export const SEARCH_INPUT_ID = 'search-query';

const KINDS: [SearchKind, string, string][] = [
  ['hex', 'Hex bytes', '51 45 56 4d, ?? for any byte'],
  ['ascii', 'Text (ASCII)', 'Linux version'],
  ['utf16le', 'Text (UTF-16LE)', 'Windows'],
  ['int', 'Integer', '0x54381286 or -2'],
];
const WIDTHS = [1, 2, 4, 8] as const;

export function SearchPanel() {
  const controller = useController();
  const form = useExplorer((s) => s.searchForm);
  const setForm = useExplorer((s) => s.setSearchForm);
  const search = useExplorer((s) => s.search);
  const record = useExplorer((s) => s.selection?.record ?? -1);
  const focusPending = useExplorer((s) => s.searchFocus);
  const searchFocused = useExplorer((s) => s.searchFocused);
  const [formError, setFormError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const { query } = form;
  const running = search?.progress != null;
  const reply = search?.reply ?? null;

  useEffect(() => {
    if (!focusPending) return;
    inputRef.current?.focus();
    inputRef.current?.select();
    searchFocused();
  }, [focusPending, searchFocused]);

  const setQuery = (q: Partial<typeof query>) => {
    setForm({ query: { ...query, ...q } });
    setFormError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseQuery(query);
    const scope = searchScope(form, record);
    const error = 'error' in parsed ? parsed.error : 'error' in scope ? scope.error : null;
    setFormError(error);
    if (error || 'error' in scope) return;
    void controller.search.run({ query, scope });
  };

  const error = formError ?? search?.error ?? null;
  const progress = search?.progress;
  const percent = progress && progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 0;
  const n = reply?.matches.length ?? 0;
  const current = search?.current ?? -1;

  return (
    <section className="pane search-pane" role="region" aria-label="Search">
      <form className="search-form" role="search" aria-label="Search the file" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="search-kind">
          Search for
        </label>
        <select id="search-kind" value={query.kind} onChange={(e) => setQuery({ kind: e.target.value as SearchKind })}>
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        {query.kind === 'int' ? (
          <>
            <select aria-label="Integer width" value={query.width ?? 4} onChange={(e) => setQuery({ width: Number(e.target.value) as 1 | 2 | 4 | 8 })}>
              {WIDTHS.map((w) => (
                <option key={w} value={w}>
                  {w * 8}-bit
                </option>
              ))}
            </select>
            <select aria-label="Byte order" value={query.littleEndian === false ? 'be' : 'le'} onChange={(e) => setQuery({ littleEndian: e.target.value === 'le' })}>
              <option value="le">little-endian</option>
              <option value="be">big-endian</option>
            </select>
          </>
        ) : null}
        <label className="visually-hidden" htmlFor={SEARCH_INPUT_ID}>
          Search query
        </label>
        <input
          id={SEARCH_INPUT_ID}
          ref={inputRef}
          className="search-query mono"
          placeholder={KINDS.find(([k]) => k === query.kind)![2]}
          value={query.text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? 'search-error' : undefined}
          onChange={(e) => setQuery({ text: e.target.value })}
        />
        <label className="visually-hidden" htmlFor="search-scope">
          Search in
        </label>
        <select
          id="search-scope"
          value={form.scope}
          onChange={(e) => {
            setForm({ scope: e.target.value as typeof form.scope });
            setFormError(null);
          }}
        >
          <option value="file">Whole file</option>
          <option value="record">Selected record</option>
          <option value="pfns">Guest PFNs</option>
        </select>
        {form.scope === 'pfns' ? (
          <input
            aria-label="Guest PFNs"
            className="search-pfns mono"
            placeholder="0x100-0x1ff"
            value={form.pfns}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              setForm({ pfns: e.target.value });
              setFormError(null);
            }}
          />
        ) : null}
        {running ? (
          <button type="button" className="btn small" aria-label="Cancel search" onClick={() => controller.search.cancel()}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="btn small">
            Search
          </button>
        )}
        <button type="button" className="btn small" disabled={n === 0} aria-label="Previous match (Shift+F3)" title="Previous match (Shift+F3)" onClick={() => controller.search.step(-1)}>
          ↑
        </button>
        <button type="button" className="btn small" disabled={n === 0} aria-label="Next match (F3)" title="Next match (F3)" onClick={() => controller.search.step(1)}>
          ↓
        </button>
        <span className="search-status" aria-live="polite">
          {running ? (
            <>
              <progress max={100} value={percent} aria-label="Search progress" /> {percent}%
            </>
          ) : reply ? (
            <>
              {current >= 0 ? `${count(current + 1)} of ` : ''}
              {count(n)} match{n === 1 ? '' : 'es'}
              {reply.end === 'limit' ? ' (stopped at the limit)' : reply.end === 'cancelled' ? ` (cancelled after ${count(reply.searched)} of ${count(reply.total)} bytes)` : ''}
            </>
          ) : null}
        </span>
      </form>
      {error ? (
        <p id="search-error" className="search-error" role="alert">
          {error}
        </p>
      ) : null}
      {reply && n > 0 ? <SearchResultsList reply={reply} current={current} /> : reply && !running ? <p className="empty-note">Not found.</p> : null}
    </section>
  );
}
