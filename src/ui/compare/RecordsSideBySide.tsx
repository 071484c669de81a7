/**
 * The records of both files side by side, aligned as the comparison matched them (page records
 * by their PFNs, the others by kind and order), each row marked same, changed, only in A, only
 * in B or, for page records, matched (their contents are the memory comparison's). Virtualized:
 * the rows in view are described by the worker, which holds both indexes. A click on A's side
 * selects that record.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { List, type RowComponentProps } from 'react-window';
import { RowStatus, type AlignedRows } from '../../decoder/diff/recordAlignment.ts';
import type { AnalysisReply } from '../../worker/protocol.ts';
import { useController } from '../ExplorerContext.tsx';
import { hexOffset } from '../format.ts';

const ROW_HEIGHT = 24;
/** Rows described beyond those on screen, so that a short scroll shows names at once. */
const MARGIN = 40;

type Line = AnalysisReply<'entries'>[number];

const MARKS: Record<RowStatus, { mark: string; label: string; className: string }> = {
  [RowStatus.Same]: { mark: '=', label: 'same', className: 'muted' },
  [RowStatus.Changed]: { mark: '≠', label: 'changed', className: 'changed' },
  [RowStatus.OnlyA]: { mark: '−', label: 'only in A', className: 'removed' },
  [RowStatus.OnlyB]: { mark: '+', label: 'only in B', className: 'added' },
  [RowStatus.Pages]: { mark: '≈', label: 'pages matched by PFN (contents: see the memory comparison)', className: 'muted' },
};

const isDifference = (s: number) => s === RowStatus.Changed || s === RowStatus.OnlyA || s === RowStatus.OnlyB;

/** Described entries of the rows [from, to) of `shown`, per side. */
interface Described {
  from: number;
  to: number;
  a: (Line | null)[];
  b: (Line | null)[];
}

interface RowProps {
  rows: AlignedRows;
  shown: Int32Array | null;
  described: Described | null;
  onSelect: (entry: number) => void;
}

function Side({ entry, line, onSelect }: { entry: number; line: Line | null | undefined; onSelect?: (entry: number) => void }) {
  if (entry < 0) return <span className="side-empty">—</span>;
  const text = line ? `#${entry} ${line.layer} ${line.name}` : `#${entry}`;
  const where = line ? ` ${hexOffset(line.offset)}` : '';
  return onSelect ? (
    <button type="button" className="row-button side-record" title={line?.summary || 'Select this record'} onClick={() => onSelect(entry)}>
      <span>{text}</span>
      <span className="mono muted">{where}</span>
    </button>
  ) : (
    <span className="side-record" title={line?.summary}>
      <span>{text}</span>
      <span className="mono muted">{where}</span>
    </span>
  );
}

function AlignedRow({ index, style, rows, shown, described, onSelect }: RowComponentProps<RowProps>): ReactElement {
  const row = shown ? shown[index]! : index;
  const status = rows.status[row] as RowStatus;
  const m = MARKS[status];
  const at = described && index >= described.from && index < described.to ? index - described.from : -1;
  return (
    <div role="listitem" style={style} className={`aligned-row${isDifference(status) ? ' differs' : ''}`}>
      <Side entry={rows.a[row]!} line={at >= 0 ? described!.a[at] : undefined} onSelect={onSelect} />
      <span className={`aligned-mark ${m.className}`} title={m.label} aria-label={m.label}>
        {m.mark}
      </span>
      <Side entry={rows.b[row]!} line={at >= 0 ? described!.b[at] : undefined} />
    </div>
  );
}

export function RecordsSideBySide({ rows }: { rows: AlignedRows }): ReactElement {
  const controller = useController();
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const shown = useMemo(() => {
    if (!differencesOnly) return null;
    const out: number[] = [];
    for (let i = 0; i < rows.status.length; i++) if (isDifference(rows.status[i]!)) out.push(i);
    return Int32Array.from(out);
  }, [rows, differencesOnly]);
  const count = shown ? shown.length : rows.status.length;
  const [described, setDescribed] = useState<Described | null>(null);
  const asked = useRef(0);

  const describe = useCallback(
    (first: number, last: number) => {
      const from = Math.max(0, first - MARGIN);
      const to = Math.min(count, last + 1 + MARGIN);
      const ask = ++asked.current;
      const entriesOf = (side: Int32Array) => Array.from({ length: to - from }, (_, k) => side[shown ? shown[from + k]! : from + k]!);
      void Promise.all([controller.compare.entries(0, entriesOf(rows.a)), controller.compare.entries(1, entriesOf(rows.b))]).then(([a, b]) => {
        if (a && b && ask === asked.current) setDescribed({ from, to, a, b });
      });
    },
    [controller, rows, shown, count],
  );
  // A new comparison or filter: what was described belongs to other rows.
  useEffect(() => {
    setDescribed(null);
    describe(0, 30);
  }, [describe]);

  const rowProps = useMemo<RowProps>(() => ({ rows, shown, described, onSelect: (entry) => controller.selectRecord(entry) }), [rows, shown, described, controller]);
  const differences = useMemo(() => rows.status.reduce((n, s) => n + (isDifference(s) ? 1 : 0), 0), [rows]);
  return (
    <section className="records-side-by-side" aria-label="Records side by side">
      <div className="aligned-bar">
        <h4>
          Records side by side ({rows.status.length} rows, {differences} differ)
        </h4>
        <label>
          <input type="checkbox" checked={differencesOnly} onChange={(e) => setDifferencesOnly(e.target.checked)} /> Differences only
        </label>
      </div>
      <div className="aligned-row aligned-head" role="presentation">
        <span>A</span>
        <span />
        <span>B</span>
      </div>
      <List<RowProps>
        aria-label="Aligned records"
        className="aligned-list"
        rowComponent={AlignedRow}
        rowCount={count}
        rowHeight={ROW_HEIGHT}
        rowProps={rowProps}
        defaultHeight={220}
        overscanCount={6}
        onRowsRendered={(visible) => {
          if (!described || visible.startIndex < described.from || visible.stopIndex >= described.to) describe(visible.startIndex, visible.stopIndex);
        }}
      />
    </section>
  );
}
