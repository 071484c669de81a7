/**
 * The Search tab (jsdom, over the real worker service in-process): Ctrl+F brings it up with the
 * query focused, Enter searches, the matches are listed with record and PFN, choosing one or
 * F3 / Shift+F3 selects its bytes and puts the hex cursor on it, a bad query says why, and
 * Cancel stops a long search with what it found.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSample, streamSource } from '../../src/generator/index.ts';
import { App } from '../../src/ui/App.tsx';
import { SEARCH_INPUT_ID } from '../../src/ui/search/SearchPanel.tsx';
import { sourceFor } from '../../src/worker/sources.ts';
import type { ExplorerStore } from '../../src/ui/state/store.ts';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const panel = () => screen.getByRole('region', { name: 'Search' });
const query = () => document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement;
const rows = () => within(panel()).queryAllByRole('listitem');

/** Every offset of an ASCII text in a sample's bytes, by plain comparison. */
function offsetsOf(bytes: Uint8Array, text: string): number[] {
  const t = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const out: number[] = [];
  for (let i = 0; i + t.length <= bytes.length; i++) if (t.every((v, k) => bytes[i + k] === v)) out.push(i);
  return out;
}

async function openSample(name: string) {
  const r = renderExplorer(<App />);
  act(() => r.controller.openSample(name));
  await scanned(r.store);
  return r;
}

async function searchFor(store: ExplorerStore, text: string) {
  fireEvent.change(query(), { target: { value: text } });
  fireEvent.submit(query().form!);
  await waitFor(() => expect(store.getState().search?.reply).toBeTruthy(), { timeout: 10_000 });
}

describe('Search tab', { timeout: 30_000 }, () => {
  it('opens with Ctrl+F, focused on the query; Enter finds text and lands on the first match', async () => {
    // The HVM sample's emulator context holds QEMU's "QEVM" magic once.
    const { store } = await openSample('hvm-v3');
    const want = offsetsOf(buildSample('hvm-v3'), 'QEVM');
    expect(want).toHaveLength(1);
    fireEvent.keyDown(document.body, { key: 'f', ctrlKey: true });
    expect(store.getState().dockTab).toBe('search');
    await waitFor(() => expect(document.activeElement).toBe(query()));
    await searchFor(store, 'QEVM');
    expect(rows()).toHaveLength(1);
    const s = store.getState();
    const record = s.index.entryAt(want[0]!);
    expect(rows()[0]!.textContent).toContain(`0x${want[0]!.toString(16)}`);
    expect(rows()[0]!.textContent).toContain(`#${record} EMULATOR_CONTEXT`);
    expect(s.selection).toMatchObject({ record, offset: want[0], length: 4 });
    expect(s.cursor).toBe(want[0]);
    expect(s.highlights.search).toEqual([{ offset: want[0], length: 4, style: 'match' }]);
  });

  it('lists a guest PFN range\'s matches with their PFN; F3 and Shift+F3 step through them, round the ends', async () => {
    // Each pattern page spells its PFN over and over: PFN 0x20's page holds "page 00000020" many times.
    const { store } = await openSample('hvm-v3');
    act(() => store.getState().focusSearch());
    fireEvent.change(within(panel()).getByLabelText('Search in'), { target: { value: 'pfns' } });
    fireEvent.change(within(panel()).getByLabelText('Guest PFNs'), { target: { value: '0x20' } });
    await searchFor(store, 'page 00000020');
    const matches = store.getState().search!.reply!.matches;
    expect(matches.length).toBeGreaterThan(100);
    expect(matches.every((m) => m.pfn === 0x20 && m.address! >= 0x20000 && m.address! < 0x21000)).toBe(true);
    expect(within(panel()).getByText(new RegExp(`1 of ${matches.length} matches`))).toBeTruthy();
    expect(rows()[0]!.textContent).toContain('PFN 0x20');
    fireEvent.keyDown(document.body, { key: 'F3' });
    expect(store.getState().cursor).toBe(matches[1]!.offset);
    fireEvent.keyDown(document.body, { key: 'F3', shiftKey: true });
    fireEvent.keyDown(document.body, { key: 'F3', shiftKey: true });
    expect(store.getState().cursor).toBe(matches[matches.length - 1]!.offset);
    expect(store.getState().selection).toMatchObject({ offset: matches[matches.length - 1]!.offset, length: 13 });
    // The list is virtualized: far fewer rows drawn than matches.
    expect(rows().length).toBeLessThan(matches.length);
    // A row clicked goes to the match it shows.
    const row = rows()[0]!;
    fireEvent.click(within(row).getByRole('button'));
    expect(store.getState().cursor).toBe(Number(row.querySelector('.mono')!.textContent));
    expect(store.getState().cursor).not.toBe(matches[matches.length - 1]!.offset);
  });

  it('marks both parts of a guest-memory match whose second page lies elsewhere in the file', async () => {
    // 16 pattern pages, PFN 5 resent after the first round: PFN 4's page ends "…~~" and PFN 5's
    // last copy, far from it in the file, starts "page 00000005", so only the guest holds the text.
    const source = streamSource({ guest: 'hvm', pages: 16, batch: 8, image: { resend: [[5]] } }, 'resent.save');
    const r = renderExplorer(<App />, { sourceFor: (input) => (input.kind === 'file' ? source : sourceFor(input)) });
    act(() => r.controller.openFile(new File([], 'resent.save')));
    await scanned(r.store);
    act(() => r.store.getState().focusSearch());
    fireEvent.change(within(panel()).getByLabelText('Search in'), { target: { value: 'pfns' } });
    fireEvent.change(within(panel()).getByLabelText('Guest PFNs'), { target: { value: '4-5' } });
    await searchFor(r.store, '~~page 00000005');
    const s = r.store.getState();
    const [m, ...more] = s.search!.reply!.matches;
    expect(more).toEqual([]);
    expect(m).toMatchObject({ pfn: 4, address: 4 * 4096 + 4094 });
    const pfn5 = m!.rest!.at;
    // PFN 4's copy starts 4094 bytes before the match; PFN 5's last copy does not follow it.
    expect(pfn5).toBeGreaterThan(m!.offset - 4094 + 4096);
    expect(s.highlights.search).toEqual([
      { offset: m!.offset, length: 2, style: 'match' },
      { offset: pfn5, length: 13, style: 'match' },
    ]);
    expect(s.selection).toMatchObject({ offset: m!.offset, length: 2 });
  });

  it('says what is wrong with a query, without searching', async () => {
    const { store, port } = await openSample('pv64-v2');
    act(() => store.getState().focusSearch());
    fireEvent.change(within(panel()).getByLabelText('Search for'), { target: { value: 'hex' } });
    fireEvent.change(query(), { target: { value: '51 4g' } });
    fireEvent.submit(query().form!);
    expect(within(panel()).getByRole('alert').textContent).toBe('"4g" is not a hex byte.');
    fireEvent.change(within(panel()).getByLabelText('Search for'), { target: { value: 'int' } });
    fireEvent.change(within(panel()).getByLabelText('Integer width'), { target: { value: '1' } });
    fireEvent.change(query(), { target: { value: '300' } });
    fireEvent.submit(query().form!);
    expect(within(panel()).getByRole('alert').textContent).toBe('300 does not fit in 8 bits.');
    expect(port.sent.some((m) => m.type === 'analyse' && m.analysis.name === 'search')).toBe(false);
  });

  it('Cancel stops a long search and keeps what it found', async () => {
    // A 1 GiB sparse guest: its zero pages take seconds to search.
    const big = streamSource({ guest: 'hvm', pages: 1 << 18, pageContent: 'zero' }, 'big.save');
    const r = renderExplorer(<App />, { sourceFor: (input) => (input.kind === 'file' ? big : sourceFor(input)) });
    act(() => r.controller.openFile(new File([], 'big.save')));
    await scanned(r.store);
    act(() => r.store.getState().focusSearch());
    fireEvent.change(query(), { target: { value: 'not in there' } });
    fireEvent.submit(query().form!);
    await waitFor(() => expect(within(panel()).getByRole('progressbar', { name: 'Search progress' })).toBeTruthy());
    fireEvent.click(within(panel()).getByRole('button', { name: 'Cancel search' }));
    await waitFor(() => expect(r.store.getState().search?.reply).toBeTruthy(), { timeout: 10_000 });
    const reply = r.store.getState().search!.reply!;
    expect(reply.end).toBe('cancelled');
    expect(reply.searched).toBeLessThan(reply.total);
    expect(reply.total).toBe(big.size);
  });
});
