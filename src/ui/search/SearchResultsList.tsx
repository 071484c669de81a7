/**
 * The matches of a search, one row each (virtualized: a search may keep thousands): offset,
 * the record holding it (#n and its type) and, in guest memory, the PFN and guest address.
 * Choosing a row goes to the match.
 */
import { useEffect, useMemo, type ReactElement } from 'react';
import { List, useListRef, type RowComponentProps } from 'react-window';
import type { IndexReader } from '../../decoder/model/RecordIndex.ts';
import { entryName } from '../../decoder/names.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { hexOffset } from '../format.ts';
import type { SearchReply } from '../state/searchState.ts';

const ROW_HEIGHT = 24;

interface RowProps {
  reply: SearchReply;
  records: IndexReader;
  current: number;
  onChoose: (i: number) => void;
}

function MatchRow({ index: i, style, reply, records, current, onChoose }: RowComponentProps<RowProps>): ReactElement {
  const m = reply.matches[i]!;
  const record = m.record >= 0 && m.record < records.count ? `#${m.record} ${entryName(records.layer(m.record), records.type(m.record), records.flags(m.record))}` : '–';
  return (
    <div role="listitem" style={style} className={`match-item${i === current ? ' chosen' : ''}`} aria-current={i === current ? 'true' : undefined}>
      <button type="button" className="row-button match-row" onClick={() => onChoose(i)}>
        <span className="mono">{hexOffset(m.offset)}</span>
        <span className="match-record">{record}</span>
        <span className="mono match-pfn">{m.pfn === null ? '' : `PFN ${hexOffset(m.pfn)} · ${hexOffset(m.address!)}`}</span>
      </button>
    </div>
  );
}

export function SearchResultsList({ reply, current }: { reply: SearchReply; current: number }) {
  const controller = useController();
  const records = useExplorer((s) => s.index);
  const listRef = useListRef(null);
  // F3 may go to a match scrolled out of the list: bring its row into view.
  useEffect(() => {
    if (current >= 0 && current < reply.matches.length) listRef.current?.scrollToRow({ index: current, align: 'smart' });
  }, [current, reply, listRef]);
  const rowProps = useMemo<RowProps>(() => ({ reply, records, current, onChoose: (i) => controller.search.goTo(i) }), [reply, records, current, controller]);
  return (
    <>
      <div className="match-head" role="presentation">
        <span>Offset</span>
        <span>Record</span>
        <span>Guest page · address</span>
      </div>
      <List<RowProps>
        aria-label="Matches"
        className="match-list"
        rowComponent={MatchRow}
        rowCount={reply.matches.length}
        rowHeight={ROW_HEIGHT}
        rowProps={rowProps}
        defaultHeight={160}
        overscanCount={6}
        listRef={listRef}
      />
    </>
  );
}
