/**
 * The hex view: 16 bytes a row, offset, hex and ASCII, over a file of any size. Its position is
 * a whole row number in the store; the scrollbar beside it goes through the shared scroll
 * mapping (hexScroll.ts), the wheel and keys move by rows. Only the rows on screen are read,
 * through the page cache and the worker.
 */
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { fieldByPath } from '../../decoder/model/Field.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count, hexOffset, offsetDigits } from '../format.ts';
import { guestRows } from '../guest/guestRows.ts';
import { useElementSize } from '../layout/useElementSize.ts';
import { scrollMapping } from '../scroll/scrollMapping.ts';
import { highlightSet } from '../state/selectors.ts';
import { fieldSpans } from './fieldSpans.ts';
import { GoToOffset } from './GoToOffset.tsx';
import { BYTES_PER_ROW, lastTopRow, rowCount, scrollForTopRow, topRowAtScroll } from '../scroll/hexScroll.ts';
import { HEX_ROW_HEIGHT, HexRows, type HexMarks } from './HexRows.tsx';
import { entriesBefore, recordStartsIn } from './recordStarts.ts';
import './hex.css';

export function HexView() {
  const controller = useController();
  const size = useExplorer((s) => s.file?.size ?? 0);
  const topRow = useExplorer((s) => s.hexTopRow);
  const setTopRow = useExplorer((s) => s.setHexTopRow);
  const setVisibleRows = useExplorer((s) => s.setHexVisibleRows);
  const selection = useExplorer((s) => s.selection);
  const hover = useExplorer((s) => s.hover);
  const cursor = useExplorer((s) => s.cursor);
  const fields = useExplorer((s) => s.fields);
  const index = useExplorer((s) => s.index);
  const highlights = useExplorer((s) => highlightSet(s.highlights));
  const guest = useExplorer((s) => guestRows(s.guest));
  const [bodyRef, viewport] = useElementSize<HTMLDivElement>({ width: 600, height: 400 });
  const scrollbarRef = useRef<HTMLDivElement>(null);
  const [pagesVersion, pagesArrived] = useReducer((n: number) => n + 1, 0);
  const [pointed, setPointed] = useState<number | null>(null);

  const rows = rowCount(size);
  const m = useMemo(() => scrollMapping(rows, HEX_ROW_HEIGHT, viewport.height), [rows, viewport.height]);
  const shownRows = Math.min(rows - topRow, Math.ceil(viewport.height / HEX_ROW_HEIGHT));
  const start = topRow * BYTES_PER_ROW;
  const length = Math.max(0, shownRows) * BYTES_PER_ROW;
  // The boundaries shown change only while the scan finds records among the shown bytes, not at each of its messages.
  const startsShown = useExplorer((s) => entriesBefore(s.index, start + length));
  const pages = controller.pages;

  useEffect(() => setVisibleRows(viewport.height / HEX_ROW_HEIGHT), [viewport.height, setVisibleRows]);
  useEffect(() => controller.onPagesLoaded(pagesArrived), [controller]);
  useEffect(() => pages.ensure(start, length), [pages, start, length]);

  // The scrollbar follows the row; remember where we put it so its scroll event is not taken
  // for the user's (scaled, a pixel may be thousands of rows).
  const placed = useRef(-1);
  useLayoutEffect(() => {
    const sb = scrollbarRef.current;
    if (!sb) return;
    const want = scrollForTopRow(m, topRow);
    if (Math.abs(sb.scrollTop - want) >= 1) {
      sb.scrollTop = want;
      placed.current = sb.scrollTop;
    }
  }, [m, topRow]);
  const onScrollbar = () => {
    const st = scrollbarRef.current?.scrollTop ?? 0;
    if (Math.abs(st - placed.current) < 1) return;
    placed.current = -1;
    setTopRow(topRowAtScroll(m, st));
  };

  // Wheel by rows, whatever the scale: React's wheel listeners are passive, so attach our own.
  const topRef = useRef(topRow);
  topRef.current = topRow;
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    let carry = 0;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const px = e.deltaMode === 1 ? e.deltaY * HEX_ROW_HEIGHT : e.deltaMode === 2 ? e.deltaY * viewport.height : e.deltaY;
      carry += px / HEX_ROW_HEIGHT;
      const step = Math.trunc(carry);
      carry -= step;
      if (step) setTopRow(topRef.current + step);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [bodyRef, setTopRow, viewport.height]);

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport.height / HEX_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: topRow + 1, ArrowUp: topRow - 1, PageDown: topRow + page, PageUp: topRow - page, Home: 0, End: lastTopRow(m) };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    setTopRow(to);
  };

  const offsetOf = (e: MouseEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-offset],[data-char]');
    const v = cell?.dataset.offset ?? cell?.dataset.char;
    return v === undefined ? null : Number(v);
  };

  const spans = useMemo(() => (fields ? fieldSpans(fields.tree) : []), [fields]);
  const rec = selection && selection.record >= 0 && selection.record < index.count ? index.get(selection.record) : null;
  const recOffset = rec?.offset ?? -1;
  const recLength = rec?.length ?? -1;
  const tinted = rec !== null && fields?.record === rec.index;
  const marks = useMemo<HexMarks>(() => {
    // A whole record selected shows as its field tints; a field, byte or diagnostic as solid.
    const wholeRecord = selection?.fieldPath === null && selection.offset === recOffset && selection.length === recLength;
    return {
      cursor,
      selection: wholeRecord ? null : selection,
      hover,
      record: tinted ? { offset: recOffset, length: recLength } : null,
      spans,
      starts: recordStartsIn(index, start, start + length),
      highlights: highlights.overlapping(start, start + length),
    };
  }, [cursor, selection, hover, recOffset, recLength, tinted, spans, index, startsShown, start, length, highlights]);
  const digits = offsetDigits(size);

  const selectedField = selection?.fieldPath && fields ? fieldByPath(fields.tree, selection.fieldPath) : null;
  return (
    <section className="pane hex-pane" role="region" aria-label="Hex">
      <div className="pane-head">
        <h2>Hex</h2>
        <span className="pane-count mono">{size ? `${hexOffset(start, digits)} of ${hexOffset(Math.max(0, size - 1), digits)}` : ''}</span>
        {guest ? <span className="hex-guest-note">PFN {hexOffset(guest.pfn)}: guest addresses beside its rows</span> : null}
        <GoToOffset />
      </div>
      <div className="hex-frame">
        <div
          ref={bodyRef}
          className="hex-body mono"
          tabIndex={0}
          aria-label="Hex bytes"
          onKeyDown={onKeyDown}
          onMouseDown={(e) => {
            const o = offsetOf(e);
            if (o === null) return;
            e.preventDefault();
            e.currentTarget.focus();
            controller.selectByte(o);
          }}
          onMouseMove={(e) => setPointed(offsetOf(e))}
          onMouseLeave={() => setPointed(null)}
        >
          <HexRows pages={pages} pagesVersion={pagesVersion} start={start} rows={Math.max(0, shownRows)} size={size} digits={digits} marks={marks} guest={guest} />
        </div>
        <div className="hex-scrollbar" ref={scrollbarRef} onScroll={onScrollbar} aria-hidden="true">
          <div style={{ height: m.spacerPx + 'px' }} />
        </div>
      </div>
      <div className="hex-status mono" aria-live="polite">
        {pointed !== null ? (
          <span>{hexOffset(pointed)} ({count(pointed)})</span>
        ) : selection ? (
          <span>
            {selectedField ? `${selectedField.name}: ` : ''}
            {hexOffset(selection.offset)}
            {selection.length > 1 ? `–${hexOffset(selection.offset + selection.length - 1)}` : ''} ({count(selection.length)} byte{selection.length === 1 ? '' : 's'})
          </span>
        ) : (
          <span>&nbsp;</span>
        )}
      </div>
    </section>
  );
}
