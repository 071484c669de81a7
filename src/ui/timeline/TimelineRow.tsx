import type { ReactElement } from 'react';
import type { RowComponentProps } from 'react-window';
import { LAYER_NAMES } from '../../decoder/model/Layer.ts';
import type { IndexReader } from '../../decoder/model/RecordIndex.ts';
import { entryName, entrySummary } from '../../decoder/names.ts';
import { count, hexOffset } from '../format.ts';
import type { HighlightSet } from '../highlight/HighlightSet.ts';
import { SEVERITY_BY_RANK } from '../state/severity.ts';
import { recordCategory } from './recordKind.ts';
import { recordOfRow } from './recordFilter.ts';

export interface TimelineRowProps {
  records: IndexReader;
  /** Changes whenever the index does, so rows redraw when their entry is updated. */
  version: number;
  rows: Uint32Array | null;
  /** Global row shown by local row 0 (see timelineScroll). */
  base: number;
  /** Worst severity of each record with diagnostics. */
  severity: ReadonlyMap<number, number>;
  highlights: HighlightSet;
  selected: number;
  digits: number;
  onSelect: (record: number) => void;
}

export const rowId = (record: number) => `record-${record}`;

export function TimelineRow({ index: local, style, ...p }: RowComponentProps<TimelineRowProps>): ReactElement {
  const row = local + p.base;
  const record = recordOfRow(p.rows, row);
  const e = p.records.get(record);
  const sev = SEVERITY_BY_RANK[p.severity.get(record) ?? 0];
  // A record holding highlighted bytes is marked in the style of the first of them.
  const mark = p.highlights.size ? p.highlights.overlapping(e.offset, e.offset + Math.max(1, e.length))[0] : undefined;
  const name = entryName(e.layer, e.type, e.flags);
  const selected = record === p.selected;
  return (
    <div
      role="row"
      id={rowId(record)}
      aria-rowindex={row + 2}
      aria-selected={selected}
      data-record={record}
      className={`tl-row cat-${recordCategory(e.layer, e.flags, e.type)}${selected ? ' selected' : ''}${sev ? ` has-${sev}` : ''}${mark ? ` hl-${mark.style}` : ''}`}
      style={style}
      onMouseDown={(ev) => {
        ev.preventDefault();
        (ev.currentTarget.closest('[role="grid"]') as HTMLElement | null)?.focus();
        p.onSelect(record);
      }}
    >
      <span role="gridcell" className="tl-num">{record}</span>
      <span role="gridcell" className="tl-offset mono">{hexOffset(e.offset, p.digits)}</span>
      <span role="gridcell" className="tl-layer">{LAYER_NAMES[e.layer]}</span>
      <span role="gridcell" className="tl-type" style={{ paddingInlineStart: `${e.depth * 12 + 4}px` }}>
        <span className="tl-swatch" aria-hidden="true" />
        {name}
      </span>
      <span role="gridcell" className="tl-length mono">{count(e.length)}</span>
      <span role="gridcell" className="tl-summary">{entrySummary(e)}</span>
      <span role="gridcell" className="tl-marker">{sev ? <span className={`sev-dot ${sev}`} role="img" aria-label={sev} title={sev} /> : null}</span>
    </div>
  );
}
