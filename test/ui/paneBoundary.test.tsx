/**
 * A view that throws keeps its failure to its own pane: the field tree given a tree it cannot
 * draw (here a malformed reply, standing in for a decoder bug) says so in its place, while the
 * records, the bytes and the validation panel keep working; another record draws again.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExplorerStore } from '../../src/ui/state/store.ts';
import { App } from '../../src/ui/App.tsx';
import { decoded, renderExplorer, scanned } from './support/renderExplorer.tsx';

afterEach(() => vi.restoreAllMocks());

/** The explorer on the pv64-v2 sample, record 3's fields drawn. */
async function onRecord3() {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const parts = renderExplorer(<App />);
  act(() => parts.controller.openSample('pv64-v2'));
  await scanned(parts.store);
  act(() => parts.controller.selectRecord(3));
  await decoded(parts.store, 3);
  return parts;
}

/** The selected record's tree with its first field's text replaced by something React cannot draw. */
function breakFields(store: ExplorerStore): void {
  const { record, tree } = store.getState().fields!;
  const bad = { ...tree[0]!, display: { not: 'text' } as unknown as string };
  act(() => store.setState({ fields: { record, tree: [bad, ...tree.slice(1)] } }));
}

describe('pane boundaries', () => {
  it('shows a failing field tree\'s error in the fields pane only, and draws again for the next record', async () => {
    const { store, controller } = await onRecord3();
    breakFields(store);
    const failed = screen.getByRole('region', { name: 'Fields' });
    expect(within(failed).getByRole('alert').textContent).toMatch(/fields pane could not be drawn/);
    expect(screen.getByRole('region', { name: 'Hex' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Validation' })).toBeTruthy();
    expect(screen.getByRole('grid', { name: 'Records' })).toBeTruthy();
    act(() => controller.selectRecord(4));
    await waitFor(() => expect(screen.getByRole('tree', { name: 'Fields' }).querySelectorAll('[role=treeitem]').length).toBeGreaterThan(0));
    expect(screen.queryByText(/could not be drawn/)).toBeNull();
  });

  it('tries again on "Try again"', async () => {
    const { store } = await onRecord3();
    const good = store.getState().fields!;
    breakFields(store);
    act(() => store.setState({ fields: good }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('tree', { name: 'Fields' }).querySelectorAll('[role=treeitem]').length).toBeGreaterThan(0);
  });
});
