/**
 * The guest memory map in jsdom (no layout: the grid takes its fallback size of 640 × 200 CSS
 * pixels, and no drawing): what it asks the worker for as the keyboard zooms and pans, what
 * hovering a cell says, and which record a click selects. The stream: an HVM guest of 2^17 PFNs
 * (512 MiB, generated as it is read) whose multiples of 1024 are sent again in a second round.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { streamSource, type StreamSpec } from '../../src/generator/index.ts';
import { MemoryMapPanel } from '../../src/ui/memoryMap/MemoryMapPanel.tsx';
import type { ToWorker } from '../../src/worker/protocol.ts';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const PFNS = 1 << 17;
const SPEC: StreamSpec = { guest: 'hvm', pages: PFNS, batch: 1024, pageContent: 'zero', image: { resend: [Array.from({ length: PFNS / 1024 }, (_, i) => i * 1024)] } };
/** The fallback grid at its smallest cells (2 px): 320 columns by 100 rows. */
const COLS = 320;
const CELLS = COLS * 100;

async function openMap() {
  const r = renderExplorer(<MemoryMapPanel />, { sourceFor: () => streamSource(SPEC) });
  act(() => r.controller.openSample('big-hvm'));
  await scanned(r.store);
  const canvas = screen.getByRole('img', { name: 'Guest memory map' });
  /** The window of the last memory map request. */
  const asked = () => {
    const m = r.port.sent.filter((x): x is Extract<ToWorker, { type: 'analyse' }> => x.type === 'analyse' && x.analysis.name === 'memoryMapCells').at(-1)!;
    const { from, to, cells } = m.analysis.args as { from: number; to: number; cells: number };
    return { from, perCell: (to - from) / cells, cells };
  };
  const view = () => screen.getByTestId('pfn-grid-view').textContent;
  const status = () => document.querySelector('.pfn-grid-hover')!.textContent;
  await waitFor(() => expect(view()).toContain(`of ${'0x' + PFNS.toString(16)}`));
  return { ...r, canvas, asked, view, status };
}

describe('guest memory map', () => {
  it('fits the whole PFN space, and + zooms in about the middle, − back out', async () => {
    const { canvas, asked, view } = await openMap();
    // 2^17 PFNs in 32000 cells: 5 a cell.
    await waitFor(() => expect(asked()).toEqual({ from: 0, perCell: 5, cells: CELLS }));
    expect(view()).toContain('5 PFNs a cell');
    const middle = (50 * COLS + 160) * 5;
    fireEvent.keyDown(canvas, { key: '+' });
    // In by powers of two: 4, 2, 1 PFNs a cell.
    await waitFor(() => expect(asked().perCell).toBe(4));
    // The PFN in the middle cell stays in the middle cell, as far as the end of the space allows:
    // at 4 a cell the grid holds 128,000 of the 131,072 PFNs, so the view stops with the last row
    // at the bottom.
    const row = COLS * 4;
    expect(asked().from).toBe(Math.min(middle - (50 * COLS + 160) * 4, Math.ceil(PFNS / row) * row - 100 * row));
    fireEvent.keyDown(canvas, { key: '+' });
    fireEvent.keyDown(canvas, { key: '+' });
    await waitFor(() => expect(view()).toContain('one PFN a cell'));
    expect(asked()).toMatchObject({ perCell: 1, cells: CELLS });
    // Then larger cells: one PFN a cell in 4 px cells, a quarter as many.
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await waitFor(() => expect(asked()).toMatchObject({ perCell: 1, cells: CELLS / 4 }));
    fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    for (let i = 0; i < 3; i++) fireEvent.keyDown(canvas, { key: '-' });
    await waitFor(() => expect(asked()).toEqual({ from: 0, perCell: 5, cells: CELLS }));
  });

  it('the wheel zooms about the pointer: the PFN under it stays under it', async () => {
    const { canvas, asked } = await openMap();
    await waitFor(() => expect(asked().perCell).toBe(5));
    // The pointer on cell (row 10, column 300): PFN (10·320 + 300)·5.
    const under = (10 * COLS + 300) * 5;
    fireEvent.wheel(canvas, { deltaY: -100, clientX: 300 * 2 + 1, clientY: 10 * 2 + 1 });
    await waitFor(() => expect(asked().perCell).toBe(4));
    expect(asked().from + (10 * COLS + 300) * 4).toBe(under);
    fireEvent.wheel(canvas, { deltaY: 100, clientX: 300 * 2 + 1, clientY: 10 * 2 + 1 });
    await waitFor(() => expect(asked()).toEqual({ from: 0, perCell: 5, cells: CELLS }));
  });

  it('the arrow keys move a cursor cell that the status line describes, and pan past the edge; Home and End go to the ends', async () => {
    const { canvas, asked, status } = await openMap();
    // In to one PFN a cell in 4 px cells: 5 → 4 → 2 → 1 PFNs, then 2 → 4 px.
    for (let i = 0; i < 4; i++) fireEvent.keyDown(canvas, { key: '+' });
    fireEvent.keyDown(canvas, { key: 'Home' });
    await waitFor(() => expect(asked()).toMatchObject({ from: 0, perCell: 1 }));
    // PFN 0 was sent in both rounds; PFN 1 once.
    await waitFor(() => expect(status()).toBe('PFN 0x0: sent twice, NOTAB, sent in the last round'));
    fireEvent.keyDown(canvas, { key: 'ArrowRight' });
    await waitFor(() => expect(status()).toBe('PFN 0x1: sent once, NOTAB'));
    // 4 px cells: 160 a row. Down a row (into the VGA hole, named without contents), then up
    // past the top: the view cannot go above PFN 0.
    fireEvent.keyDown(canvas, { key: 'ArrowDown' });
    await waitFor(() => expect(status()).toBe('PFN 0xa1: XTAB / XALLOC / BROKEN, named once, XTAB'));
    fireEvent.keyDown(canvas, { key: 'ArrowUp' });
    fireEvent.keyDown(canvas, { key: 'ArrowUp' });
    expect(asked().from).toBe(0);
    // 50 rows of 160: the cursor on the bottom row, one more ArrowDown pans a row.
    for (let i = 0; i < 50; i++) fireEvent.keyDown(canvas, { key: 'ArrowDown' });
    await waitFor(() => expect(asked().from).toBe(160));
    fireEvent.keyDown(canvas, { key: 'PageDown' });
    await waitFor(() => expect(asked().from).toBe(160 + 8000));
    fireEvent.keyDown(canvas, { key: 'End' });
    // The last screenful of whole rows, the cursor on the last PFN.
    await waitFor(() => expect(asked().from).toBe(Math.ceil(PFNS / 160) * 160 - 8000));
    await waitFor(() => expect(status()).toBe(`PFN 0x${(PFNS - 1).toString(16)}: sent once, NOTAB`));
  });

  it('hovering a cell says what it holds; a click selects the last copy of its first PFN, its page in its record', async () => {
    const { canvas, store, status } = await openMap();
    const truth = await scanStream(streamSource(SPEC), { memory: true });
    // Zoomed out, 5 PFNs a cell: cell 205 (row 0, column 205) holds PFNs 1025-1029, all sent once;
    // cell 204 holds 1020-1024, 1024 of them sent twice.
    fireEvent.pointerMove(canvas, { clientX: 205 * 2 + 1, clientY: 1 });
    await waitFor(() => expect(status()).toBe('PFNs 0x401–0x405: sent once (most), sent at most once, 0x401 NOTAB'));
    fireEvent.pointerMove(canvas, { clientX: 204 * 2 + 1, clientY: 1 });
    // What the map draws shows at once; the rest when the worker has told the cell in full.
    expect(status()).toBe('PFNs 0x3fc–0x400: sent once (most), sent in the last round');
    await waitFor(() => expect(status()).toBe('PFNs 0x3fc–0x400: sent once (most), sent at most twice, 0x3fc NOTAB, sent in the last round'));
    fireEvent.pointerDown(canvas, { clientX: 204 * 2 + 1, clientY: 1, pointerId: 1 });
    fireEvent.pointerUp(canvas, { clientX: 204 * 2 + 1, clientY: 1, pointerId: 1 });
    // Its page is selected in the record holding it, and waits in the Memory tab; the map stays shown.
    const copy = truth.memory!.lookup(0x3fc)!.offset;
    const holder = truth.index.entryAt(copy);
    await waitFor(() => expect(store.getState().selection).toMatchObject({ record: holder, offset: copy, length: 4096 }));
    expect(store.getState().guest?.target).toEqual({ kind: 'pfn', pfn: 0x3fc });
    expect(store.getState().dockTab).not.toBe('memory');
    expect(screen.getByText(`PFN 0x3fc: last of 1 copy, in record #${holder}; its page is selected, and shown in the Memory tab`)).toBeTruthy();
  });

  it('dragging pans the view by the rows dragged', async () => {
    const { canvas, asked } = await openMap();
    // In to one PFN a cell in 4 px cells: 5 → 4 → 2 → 1 PFNs, then 2 → 4 px.
    for (let i = 0; i < 4; i++) fireEvent.keyDown(canvas, { key: '+' });
    fireEvent.keyDown(canvas, { key: 'Home' });
    await waitFor(() => expect(asked().from).toBe(0));
    // Up by 10 rows of 4 px cells, 160 PFNs each.
    fireEvent.pointerDown(canvas, { clientX: 100, clientY: 100, pointerId: 1, buttons: 1 });
    fireEvent.pointerMove(canvas, { clientX: 100, clientY: 60, pointerId: 1, buttons: 1 });
    fireEvent.pointerUp(canvas, { clientX: 100, clientY: 60, pointerId: 1 });
    await waitFor(() => expect(asked().from).toBe(1600));
  });
});
