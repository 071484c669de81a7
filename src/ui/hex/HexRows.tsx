/**
 * The rows on screen of the hex view: offset, 16 bytes in hex and in ASCII, each byte's cell
 * classed by what it belongs to. Memoised: moving the pointer over the view redraws none of it.
 */
import { memo } from 'react';
import type { Highlight } from '../../decoder/model/Highlight.ts';
import { hexOffset } from '../format.ts';
import { guestAddressOfRow, type GuestRows } from '../guest/guestRows.ts';
import { spanAt, type FieldSpan } from './fieldSpans.ts';
import { BYTES_PER_ROW } from '../scroll/hexScroll.ts';
import { UNKNOWN, type PageCache } from './pageCache.ts';

export const HEX_ROW_HEIGHT = 18;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const CHAR = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));

type Range = { offset: number; length: number } | null;

/** What the cells show besides their bytes. */
export interface HexMarks {
  /** The byte last clicked or gone to. */
  cursor: number | null;
  /** Bytes drawn solid: the selected field, byte or diagnostic. */
  selection: Range;
  hover: Range;
  /** The selected record, whose fields are tinted. */
  record: Range;
  spans: FieldSpan[];
  /** Where records start, to draw their boundaries. */
  starts: Set<number>;
  /** Analyses' highlights over the rows shown, by offset (the last one holding a byte wins). */
  highlights: readonly Highlight[];
}

const within = (r: Range, o: number) => r !== null && o >= r.offset && o < r.offset + Math.max(1, r.length);

function cellClass(o: number, v: number, m: HexMarks): string {
  let c = 'b';
  if (within(m.record, o)) {
    const s = spanAt(m.spans, o);
    c += s ? (s.n % 2 ? ' f1' : ' f0') : ' rec';
  }
  if (within(m.selection, o)) c += ' sel';
  if (o === m.cursor) c += ' cur';
  if (within(m.hover, o)) c += ' hov';
  if (m.starts.has(o)) c += ' rstart';
  const h = m.highlights.findLast((x) => o >= x.offset && o < x.offset + x.length);
  if (h) c += ` hl-${h.style}`;
  if (v === UNKNOWN) c += ' unk';
  return c;
}

interface HexRowsProps {
  pages: PageCache;
  /** Changes when pages arrive, so the rows redraw with their bytes. */
  pagesVersion: number;
  start: number;
  rows: number;
  size: number;
  digits: number;
  marks: HexMarks;
  /** The guest page shown (the Memory tab's): its rows get a column of guest addresses. */
  guest: GuestRows | null;
}

export const HexRows = memo(function HexRows({ pages, start, rows, size, digits, marks, guest }: HexRowsProps) {
  const bytes = pages.view(start, rows * BYTES_PER_ROW);
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const rowStart = start + r * BYTES_PER_ROW;
    const hexCells = [];
    const chars = [];
    let startsHere = false;
    for (let i = 0; i < BYTES_PER_ROW; i++) {
      const o = rowStart + i;
      if (o >= size) {
        hexCells.push(<span key={i} className="b none" />);
        continue;
      }
      const v = bytes[o - start]!;
      const cls = cellClass(o, v, marks);
      if (marks.starts.has(o)) startsHere = true;
      hexCells.push(
        <span key={i} className={cls} data-offset={o}>
          {v === UNKNOWN ? '··' : HEX[v]}
        </span>,
      );
      chars.push(
        <span key={i} className={cls} data-char={o}>
          {v === UNKNOWN ? '·' : CHAR[v]}
        </span>,
      );
    }
    lines.push(
      <div key={rowStart} className={`hex-row${startsHere ? ' has-start' : ''}`} style={{ height: HEX_ROW_HEIGHT }}>
        <span className="hex-offset">{hexOffset(rowStart, digits)}</span>
        {guest ? <GuestCell rows={guest} rowStart={rowStart} /> : null}
        <span className="hex-bytes">{hexCells}</span>
        <span className="hex-chars">{chars}</span>
      </div>,
    );
  }
  return <>{lines}</>;
});

/** The guest address of a row's first byte in the Memory tab's page; blank outside it. */
function GuestCell({ rows, rowStart }: { rows: GuestRows; rowStart: number }) {
  const a = guestAddressOfRow(rows, rowStart, BYTES_PER_ROW);
  return (
    <span className="hex-guest" style={{ width: `${rows.digits + 1}ch` }} title={a === null ? undefined : 'guest address'}>
      {a === null ? '' : a.toString(16).padStart(rows.digits, '0')}
    </span>
  );
}
