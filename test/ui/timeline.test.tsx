import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { EntryFlag, RecordIndex } from '../../src/decoder/model/RecordIndex.ts';
import { Timeline, TIMELINE_ROW_HEIGHT } from '../../src/ui/timeline/Timeline.tsx';
import { kindKey } from '../../src/decoder/model/kindKey.ts';
import { MAX_SCROLL_PX } from '../../src/ui/scroll/scrollMapping.ts';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const grid = () => screen.getByRole('grid', { name: 'Records' });
const rowsShown = () => within(grid()).getAllByRole('row').slice(1);
const selected = (store: ReturnType<typeof renderExplorer>['store']) => store.getState().selection?.record;

async function openSample(name: string) {
  const r = renderExplorer(<Timeline />);
  act(() => r.controller.openSample(name));
  await scanned(r.store);
  return r;
}

/** A store holding `n` synthetic PAGE_DATA entries of 4 KiB, as a huge scan would leave it. */
function hugeIndex(n: number) {
  const r = renderExplorer(<Timeline />);
  const index = new RecordIndex(n);
  for (let i = 0; i < n; i++) index.push({ offset: i * 4104, length: 4104, layer: Layer.Libxc, type: Rec.PAGE_DATA, depth: 2 });
  act(() => {
    const s = r.store.getState();
    s.beginOpen(1, { name: 'huge.save', size: n * 4104 });
    s.opened('huge.save', n * 4104, '0123456789abcdef');
    s.progressed({ progress: { offset: n * 4104, size: n * 4104, records: n, diagnostics: 0 }, batch: index.batch(0), diagnostics: [], diagnosticsStart: 0, facts: { containers: [], checkpoints: 0, complete: true, endOffset: n * 4104 }, counts: { error: 0, warning: 0, info: 0 } });
    s.finished({ format: 'libxc', counts: { error: 0, warning: 0, info: 0 }, cancelled: false });
  });
  return r;
}

/** What the browser does after a programmatic scroll: tell the list. */
const settleScroll = () => fireEvent.scroll(grid().querySelector('.tl-list')!);

describe('Timeline', () => {
  it('is a grid named Records whose rows hold the type name and the hex offset', async () => {
    const { store } = await openSample('hvm-v3');
    const rows = rowsShown();
    expect(rows.length).toBeGreaterThan(5);
    const { index } = store.getState();
    for (const row of rows) {
      const i = Number(row.getAttribute('data-record'));
      expect(row.textContent).toContain('0x' + index.offset(i).toString(16).padStart(8, '0'));
    }
    expect(rows[0]!.textContent).toContain('xl header');
    expect(rows.some((r) => r.textContent!.includes('PAGE_DATA'))).toBe(true);
    // Nested layers are indented: the libxc records sit deeper than the xl header.
    const indent = (r: HTMLElement) => parseInt((r.querySelector('.tl-type') as HTMLElement).style.paddingInlineStart);
    expect(indent(rows.find((r) => r.textContent!.includes('PAGE_DATA'))!)).toBeGreaterThan(indent(rows[0]!));
  });

  it('selects records by click and by the keyboard: arrows, Page Up/Down, Home, End', async () => {
    const { store } = await openSample('hvm-v3');
    const count = store.getState().index.count;
    fireEvent.mouseDown(rowsShown()[3]!);
    expect(selected(store)).toBe(3);
    expect(rowsShown()[3]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    expect(selected(store)).toBe(4);
    fireEvent.keyDown(grid(), { key: 'ArrowUp' });
    fireEvent.keyDown(grid(), { key: 'ArrowUp' });
    expect(selected(store)).toBe(2);
    fireEvent.keyDown(grid(), { key: 'End' });
    expect(selected(store)).toBe(count - 1);
    settleScroll();
    expect(screen.getByRole('row', { selected: true }).getAttribute('data-record')).toBe(String(count - 1));
    fireEvent.keyDown(grid(), { key: 'PageUp' });
    const page = Math.floor(400 / TIMELINE_ROW_HEIGHT) - 1;
    expect(selected(store)).toBe(count - 1 - page);
    fireEvent.keyDown(grid(), { key: 'Home' });
    expect(selected(store)).toBe(0);
    fireEvent.keyDown(grid(), { key: 'PageDown' });
    expect(selected(store)).toBe(page);
    expect(grid().getAttribute('aria-activedescendant')).toBe(`record-${page}`);
  });

  it('filters by record type and by "with problems"', async () => {
    const { store } = await openSample('broken-hvm');
    const s = store.getState();
    const select = screen.getByRole('combobox', { name: 'Record type' }) as HTMLSelectElement;
    const pageData = kindKey(Layer.Libxc, 0, Rec.PAGE_DATA);
    const option = [...select.options].find((o) => o.value === String(pageData))!;
    let pages = 0;
    for (let i = 0; i < s.index.count; i++) {
      const e = s.index.get(i);
      if (e.layer === Layer.Libxc && !(e.flags & EntryFlag.Header) && e.type === Rec.PAGE_DATA) pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(option.textContent).toBe(`PAGE_DATA (${pages})`);
    fireEvent.change(select, { target: { value: option.value } });
    // The worker filters; its answer comes back a message later.
    await waitFor(() => expect(screen.getByText(`${pages} of ${s.index.count}`)).toBeTruthy());
    expect(rowsShown().length).toBe(Math.min(pages, rowsShown().length));
    for (const r of rowsShown()) expect(r.textContent).toContain('PAGE_DATA');
    expect(screen.getByText(`${pages} of ${s.index.count}`)).toBeTruthy();

    fireEvent.change(select, { target: { value: '' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'With problems' }));
    const withProblems = new Set(s.diagnostics.filter((d) => d.record >= 0).map((d) => d.record));
    await waitFor(() => expect(screen.getByText(`${withProblems.size} of ${s.index.count}`)).toBeTruthy());
    expect(rowsShown().map((r) => Number(r.getAttribute('data-record')))).toEqual([...withProblems].sort((a, b) => a - b).slice(0, rowsShown().length));
    for (const r of rowsShown()) expect(within(r).getByRole('img').getAttribute('aria-label')).toMatch(/error|warning|info/);
  });

  it('keeps a million rows under the browser height clamp and still reaches the last one', async () => {
    const n = 3_000_000;
    const { store } = hugeIndex(n);
    const list = grid().querySelector('.tl-list') as HTMLElement;
    // react-window's sizer, the element that gives the list its scroll height.
    const sizer = list.lastElementChild as HTMLElement;
    expect(parseFloat(sizer.style.height)).toBeLessThanOrEqual(MAX_SCROLL_PX);
    expect(grid().getAttribute('aria-rowcount')).toBe(String(n + 1));
    fireEvent.mouseDown(rowsShown()[0]!);
    fireEvent.keyDown(grid(), { key: 'End' });
    settleScroll();
    const last = screen.getByRole('row', { selected: true });
    expect(last.getAttribute('data-record')).toBe(String(n - 1));
    expect(last.textContent).toContain('0x' + ((n - 1) * 4104).toString(16));
    // And back up one row at a time, each shown.
    for (let k = 2; k <= 4; k++) {
      fireEvent.keyDown(grid(), { key: 'ArrowUp' });
      settleScroll();
      expect(screen.getByRole('row', { selected: true }).getAttribute('data-record')).toBe(String(n - k));
    }
    // A record in the middle, selected elsewhere (e.g. from the validation panel), is scrolled to.
    act(() => store.getState().select({ record: 1_234_567, fieldPath: null, offset: 1_234_567 * 4104, length: 4104 }));
    settleScroll();
    await waitFor(() => expect(screen.getByRole('row', { selected: true }).getAttribute('data-record')).toBe('1234567'));
    // Building three million rows in jsdom alone takes seconds on a loaded machine.
  }, 30_000);
});
