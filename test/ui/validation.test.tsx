import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ValidationPanel } from '../../src/ui/validation/ValidationPanel.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const panel = () => screen.getByRole('region', { name: 'Validation' });
const entries = () => within(panel()).getAllByRole('listitem');
const ids = () => entries().map((li) => li.querySelector('.diag-id')!.textContent);

async function open(name: string) {
  const r = renderExplorer(<ValidationPanel />);
  act(() => r.controller.openSample(name));
  await scanned(r.store);
  return r;
}

describe('ValidationPanel', () => {
  it('lists every diagnostic as a list item with severity, id, hex offset, record and message', async () => {
    const { store } = await open('broken-pv');
    const all = store.getState().diagnostics;
    expect(all.length).toBeGreaterThan(3);
    expect(entries().length).toBe(all.length);
    const byOffset = [...all].sort((a, b) => a.offset - b.offset);
    expect(ids()).toEqual(byOffset.map((d) => d.id));
    const first = entries()[0]!;
    const d = byOffset[0]!;
    expect(first.textContent).toContain(d.severity);
    expect(first.textContent).toContain('0x' + d.offset.toString(16));
    expect(first.textContent).toContain(d.message);
    if (d.record >= 0) expect(first.textContent).toContain(`#${d.record}`);
    expect(within(panel()).getByRole('button', { name: /Errors/ }).textContent).toContain(String(store.getState().counts.error));
  });

  it('sorts by a column, and reverses on a second click', async () => {
    const { store } = await open('broken-pv');
    const all = store.getState().diagnostics;
    fireEvent.click(within(panel()).getByRole('button', { name: 'Sort by check' }));
    const sorted = [...all].map((d) => d.id).sort();
    expect(ids()).toEqual(sorted);
    fireEvent.click(within(panel()).getByRole('button', { name: 'Sort by check' }));
    expect(ids()).toEqual([...sorted].reverse());
    fireEvent.click(within(panel()).getByRole('button', { name: 'Sort by severity' }));
    const rank = { error: 3, warning: 2, info: 1 };
    const sev = entries().map((li) => rank[li.querySelector('.diag-sev')!.textContent as keyof typeof rank]);
    expect(sev).toEqual([...sev].sort((a, b) => b - a));
  });

  it('filters by severity', async () => {
    const { store } = await open('broken-pv');
    const all = store.getState().diagnostics;
    fireEvent.click(within(panel()).getByRole('button', { name: /Errors/ }));
    expect(within(panel()).getByRole('button', { name: /Errors/ }).getAttribute('aria-pressed')).toBe('false');
    const rest = all.filter((d) => d.severity !== 'error');
    expect(within(panel()).queryAllByRole('listitem').length).toBe(rest.length);
    for (const li of within(panel()).queryAllByRole('listitem')) expect(li.querySelector('.diag-sev')!.textContent).not.toBe('error');
  });

  it('selects a diagnostic\'s record and bytes when clicked, and scrolls the hex view to them', async () => {
    const { store } = await open('broken-hvm');
    store.getState().setHexVisibleRows(20);
    const target = store.getState().diagnostics.filter((d) => d.record > 0).at(-1)!;
    const li = entries().find((e) => e.textContent!.includes(target.message))!;
    fireEvent.click(within(li).getByRole('button'));
    await waitFor(() => expect(store.getState().fields?.record).toBe(target.record));
    const s = store.getState();
    expect(s.selection).toMatchObject({ record: target.record, offset: target.offset, length: target.length });
    const row = Math.floor(Math.min(target.offset, s.file!.size - 1) / 16);
    expect(row).toBeGreaterThanOrEqual(s.hexTopRow);
    expect(row).toBeLessThan(s.hexTopRow + 20);
    expect(li.classList.contains('chosen')).toBe(true);
  });

  it('says so when a file has no problems', async () => {
    await open('pv64-v2');
    expect(within(panel()).getByText('No problems found')).toBeTruthy();
    expect(within(panel()).queryAllByRole('listitem')).toEqual([]);
  });
});
