/**
 * The record timeline: one row per index entry, virtualised by react-window, with the shared
 * scroll mapping taking over past the browser's height clamp (see timelineScroll.ts).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { List, useListRef } from 'react-window';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count, offsetDigits } from '../format.ts';
import { useElementSize } from '../layout/useElementSize.ts';
import { highlightSet, recordSeverities } from '../state/selectors.ts';
import { filtering, recordOfRow, rowOfRecord } from './recordFilter.ts';
import { FormatLine } from './FormatLine.tsx';
import { TimelineFilter } from './TimelineFilter.tsx';
import { rowId, TimelineRow, type TimelineRowProps } from './TimelineRow.tsx';
import { timelineScroll } from './timelineScroll.ts';
import './timeline.css';

export const TIMELINE_ROW_HEIGHT = 22;

const EMPTY_ROWS = new Uint32Array(0);

export function Timeline() {
  const controller = useController();
  const records = useExplorer((s) => s.index);
  const version = useExplorer((s) => s.indexVersion);
  const severity = useExplorer((s) => recordSeverities(s.diagnostics));
  const highlights = useExplorer((s) => highlightSet(s.highlights));
  const filter = useExplorer((s) => s.recordFilter);
  // Unfiltered, the worker's answers (kind counts, for the type menu) change nothing here.
  const filtered = useExplorer((s) => (filtering(s.recordFilter) ? s.timelineRows : null));
  const selected = useExplorer((s) => s.selection?.record ?? -1);
  const size = useExplorer((s) => s.file?.size ?? 0);
  const total = records.count;

  // Until the worker has answered for this filter, a filtered view shows nothing rather than all.
  const rows = filtering(filter) ? (filtered?.filter === filter && filtered.rows) || EMPTY_ROWS : null;
  const shown = rows ? rows.length : total;
  const [bodyRef, viewport] = useElementSize<HTMLDivElement>({ width: 800, height: 400 });
  const scroll = useMemo(() => timelineScroll(shown, TIMELINE_ROW_HEIGHT, viewport.height), [shown, viewport.height]);
  const [scrollTop, setScrollTop] = useState(0);
  const listRef = useListRef(null);
  const base = scroll.baseAt(scrollTop);

  const select = useCallback((record: number) => controller.selectRecord(record), [controller]);
  const rowProps = useMemo<TimelineRowProps>(
    () => ({ records, version, rows, base, severity, highlights, selected, digits: offsetDigits(size), onSelect: select }),
    [records, version, rows, base, severity, highlights, selected, size, select],
  );

  // Bring the selected record into view when the selection or the filter changes (not when
  // the scan adds rows: the view must not jump while it runs).
  const lastReveal = useRef({ selected: -2, filter });
  useLayoutEffect(() => {
    const el = listRef.current?.element;
    if (!el || (lastReveal.current.selected === selected && lastReveal.current.filter === filter)) return;
    const pos = rowOfRecord(rows, total, selected);
    if (pos < 0) return;
    lastReveal.current = { selected, filter };
    const target = scroll.scrollTopToReveal(el.scrollTop, pos);
    if (target !== el.scrollTop) {
      el.scrollTop = target;
      setScrollTop(target);
    }
  }, [selected, filter, rows, total, scroll, listRef]);

  // The bytes of the rows on screen, for the file map to draw where the timeline is.
  const setTimelineBytes = useExplorer((s) => s.setTimelineBytes);
  useEffect(() => {
    if (shown === 0) return setTimelineBytes(null);
    const top = Math.floor(scroll.mapping.topRowAt(scrollTop));
    const first = recordOfRow(rows, Math.min(shown - 1, top));
    const last = recordOfRow(rows, Math.min(shown - 1, top + Math.max(1, Math.ceil(scroll.mapping.visibleRows)) - 1));
    const offset = records.offset(first);
    setTimelineBytes({ offset, length: records.end(last) - offset });
  }, [scroll, scrollTop, rows, shown, records, version, setTimelineBytes]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (shown === 0) return;
    const page = Math.max(1, Math.floor(viewport.height / TIMELINE_ROW_HEIGHT) - 1);
    const at = rowOfRecord(rows, total, selected);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: shown - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const row = at < 0 && e.key !== 'End' ? 0 : Math.min(shown - 1, Math.max(0, to));
    select(recordOfRow(rows, row));
  };

  const activeRendered = selected >= 0 && rowOfRecord(rows, total, selected) >= 0;
  return (
    <section className="pane timeline-pane" aria-labelledby="timeline-title">
      <div className="pane-head">
        <h2 id="timeline-title">Records</h2>
        <span className="pane-count">{rows ? `${count(rows.length)} of ${count(total)}` : count(total)}</span>
        <FormatLine />
        <TimelineFilter />
      </div>
      <div
        role="grid"
        aria-label="Records"
        aria-rowcount={shown + 1}
        aria-activedescendant={activeRendered ? rowId(selected) : undefined}
        tabIndex={0}
        className="timeline"
        // Column widths follow the widest record number and offset, so nothing is cut off.
        style={{ '--num-digits': Math.max(3, String(total).length), '--offset-digits': offsetDigits(size) } as CSSProperties}
        onKeyDown={onKeyDown}
      >
        <div role="row" aria-rowindex={1} className="tl-row tl-head">
          <span role="columnheader">#</span>
          <span role="columnheader">Offset</span>
          <span role="columnheader">Layer</span>
          <span role="columnheader">Type</span>
          <span role="columnheader" className="tl-length">Length</span>
          <span role="columnheader">Summary</span>
          <span role="columnheader" aria-label="Problems" />
        </div>
        <div ref={bodyRef} className="tl-body">
          <List<TimelineRowProps>
            role="rowgroup"
            listRef={listRef}
            rowComponent={TimelineRow}
            rowCount={scroll.localRows}
            rowHeight={TIMELINE_ROW_HEIGHT}
            rowProps={rowProps}
            defaultHeight={viewport.height}
            overscanCount={8}
            onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
            className="tl-list"
          />
          {shown === 0 && total > 0 ? <p className="empty-note">No records match the filter.</p> : null}
        </div>
      </div>
    </section>
  );
}
