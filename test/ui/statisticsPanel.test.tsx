/**
 * The statistics panel shows what the worker's `statistics` analysis answers once opened, each
 * table once, and a type's row filters the records to it: on the Remus sample (three
 * checkpoints, PFNs 1 and 2 mod 8 sent again) and a legacy HVM sample.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { kindParts } from '../../src/decoder/model/kindKey.ts';
import { EntryFlag } from '../../src/decoder/model/RecordIndex.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { describe, expect, it } from 'vitest';
import { StatisticsPanel } from '../../src/ui/overview/StatisticsPanel.tsx';
import { Timeline } from '../../src/ui/timeline/Timeline.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

async function open(sample: string, withRecords = false) {
  const r = renderExplorer(
    <>
      {withRecords ? <Timeline /> : null}
      <StatisticsPanel />
    </>,
  );
  act(() => r.controller.openSample(sample));
  await scanned(r.store);
  // Closed, it asks the worker for nothing.
  const asked = () => r.port.sent.filter((m) => m.type === 'analyse' && m.analysis.name === 'statistics').length;
  expect(asked()).toBe(0);
  const details = r.container.querySelector('details')!;
  act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  await waitFor(() => expect(screen.getByRole('table', { name: 'Rounds table' })).toBeTruthy());
  expect(asked()).toBe(1);
  return r;
}

/** The body rows of a table, each as its cells' texts. */
const rowCells = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((tr) => [...tr.children].map((td) => td.textContent));

describe('StatisticsPanel', () => {
  it('shows each block once, one row per type, round and large record, and the guest PFNs', async () => {
    const { store } = await open('remus');
    for (const name of ['Records per type', 'Rounds table']) expect(screen.getAllByRole('table', { name })).toHaveLength(1);
    expect(screen.getAllByRole('list', { name: 'Largest records' })).toHaveLength(1);
    const types = rowCells('Records per type');
    expect(new Set(types.map((t) => t[0])).size).toBe(types.length);
    // Every record is counted once.
    expect(types.reduce((n, t) => n + Number(t[1]), 0)).toBe(store.getState().index.count);
    // One round per checkpoint: all 128 pages, then the 16 PFNs ≡ 1 and the 16 ≡ 2 (mod 8).
    expect(rowCells('Rounds table').map((r) => r.slice(0, 4))).toEqual([
      ['0', '0', '2', '128'],
      ['1', '1', '1', '16'],
      ['2', '2', '1', '16'],
    ]);
    expect(screen.getByLabelText('Guest PFNs').textContent).toMatch(/^128 distinct PFNs with data, the highest 0x7f \(512\.0 KiB of guest memory\); 32 sent more than once/);
    const largest = within(screen.getByRole('list', { name: 'Largest records' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(new Set(largest).size).toBe(largest.length);
  });

  it('a type\'s row lists only the records of that type, as the records\' type menu does', async () => {
    const { store } = await open('remus', true);
    const index = store.getState().index;
    const pageRecords = Array.from({ length: index.count }, (_, i) => i).filter((i) => index.layer(i) === Layer.Libxc && !(index.flags(i) & EntryFlag.Header) && index.type(i) === Rec.PAGE_DATA);
    const row = () => within(screen.getByRole('table', { name: 'Records per type' })).getByText('PAGE_DATA').closest('tr')!;
    // The kinds come with the records' first rows from the worker.
    await waitFor(() => {
      fireEvent.click(row());
      expect(store.getState().recordFilter.kind).not.toBeNull();
    });
    const menu = screen.getByRole('combobox', { name: 'Record type' }) as HTMLSelectElement;
    expect(menu.selectedOptions[0]!.textContent).toBe(`PAGE_DATA (${pageRecords.length})`);
    await waitFor(() => expect([...(store.getState().timelineRows?.rows ?? [])]).toEqual(pageRecords));
    // A libxl record: the statistics name it by its layer, the menu by its type. By keyboard:
    // the row takes the focus, and Enter does what a click does.
    const libxl = within(screen.getByRole('table', { name: 'Records per type' })).getByText('libxl CHECKPOINT_END').closest('tr')!;
    expect(libxl.tabIndex).toBe(0);
    fireEvent.keyDown(libxl, { key: 'Enter' });
    expect(menu.selectedOptions[0]!.textContent).toBe('CHECKPOINT_END (3)');
    expect(kindParts(store.getState().recordFilter.kind!).layer).toBe(Layer.Libxl);
    // A round's row, by Space: its first record is selected (round 0 holds two page records).
    const [, second] = within(screen.getByRole('table', { name: 'Rounds table' })).getAllByRole('row').slice(1);
    fireEvent.keyDown(second!, { key: ' ' });
    await waitFor(() => expect(store.getState().selection?.record).toBe(pageRecords[2]));
  });

  it('a legacy stream: one round of its pages', async () => {
    await open('legacy-hvm');
    // 256 PFNs, less the 32 of the VGA hole that carry no contents.
    expect(rowCells('Rounds table').map((r) => r[3])).toEqual(['224']);
    expect(screen.getByLabelText('Guest PFNs').textContent).toMatch(/ 0 sent more than once/);
  });
});
