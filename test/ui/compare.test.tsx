/**
 * Compare with…: a second file opened beside the open one, compared in the worker, and the
 * Compare tab's report. A is a generated HVM guest; B is the same guest with one byte of PFN 3
 * changed and a second vCPU (so its config's max_vcpus and its HVM context differ too).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { patternPage } from '../../src/generator/bodies.ts';
import { buildSample, buildStream } from '../../src/generator/index.ts';
import { HeaderBar } from '../../src/ui/header/HeaderBar.tsx';
import { Dock } from '../../src/ui/layout/Dock.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const CHANGED_AT = 10;
const changed = (() => {
  const p = patternPage(3);
  p[CHANGED_AT] = p[CHANGED_AT]! ^ 0xff;
  return p;
})();
const fileOf = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);
const a = fileOf(buildStream({ guest: 'hvm', pages: 32 }), 'a.save');
const b = fileOf(buildStream({ guest: 'hvm', pages: 32, vcpus: 2, image: { page: (pfn) => (pfn === 3 ? changed : undefined) } }), 'b.save');

async function compared() {
  const r = renderExplorer(
    <>
      <HeaderBar />
      <Dock />
    </>,
  );
  act(() => r.controller.openFile(a));
  await scanned(r.store);
  fireEvent.change(screen.getByLabelText('Compare with a save image'), { target: { files: [b] } });
  await waitFor(() => expect(r.store.getState().compare?.status).toBe('done'), { timeout: 10_000 });
  return r;
}

describe('Compare with…', () => {
  it('compares a second file in its own session and shows the Compare tab', async () => {
    const { store } = await compared();
    // The open file is still A, untouched.
    expect(store.getState().file?.name).toBe('a.save');
    expect(screen.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true');
    const summary = screen.getByText('Pages').nextElementSibling!;
    expect(summary.textContent).toContain('31 same');
    expect(summary.textContent).toContain('1 changed');
    expect(summary.textContent).toContain('1 byte differs');
    // The map of the comparison, with its legend.
    expect(screen.getByRole('img', { name: 'Compared guest memory map' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Compared guest memory map legend' })).getByText('changed')).toBeTruthy();
  });

  it('shows both copies of a changed page with the differing byte marked, and the copy of A in the hex view', async () => {
    const { store } = await compared();
    const runs = screen.getByRole('region', { name: 'Changed pages' });
    fireEvent.click(within(runs).getByRole('button', { name: '0x3' }));
    const page = await screen.findByRole('region', { name: 'PFN 0x3 in both files' });
    expect(within(page).getByRole('heading').textContent).toBe('PFN 0x3: 1 byte differs in 1 row');
    const marks = page.querySelectorAll('mark.diff-byte');
    // The byte in A's row and in B's row.
    expect([...marks].map((m) => m.textContent)).toEqual([patternPage(3)[CHANGED_AT]!, changed[CHANGED_AT]!].map((v) => v.toString(16).padStart(2, '0')));
    // A's copy is selected in the hex view, the cursor on the byte that differs, which is tinted.
    const state = store.getState();
    const copy = state.compare!.page!.a;
    expect('fileOffset' in copy).toBe(true);
    const at = 'fileOffset' in copy ? copy.fileOffset : -1;
    expect(state.selection).toMatchObject({ record: state.index.entryAt(at), offset: at, length: 4096 });
    expect(state.cursor).toBe(at + CHANGED_AT);
    expect(state.highlights.comparePage).toEqual([{ offset: at + CHANGED_AT, length: 1, style: 'changed' }]);
  });

  it('tables the registers, config keys and records that differ; a record picks it in A', async () => {
    const { store } = await compared();
    const registers = screen.getByRole('table', { name: 'Changed registers' });
    expect(within(registers).getAllByRole('row').some((r) => r.textContent?.startsWith('1rip'))).toBe(true);
    const config = screen.getByRole('table', { name: 'Config changes' });
    expect(within(config).getByText('b_info.max_vcpus')).toBeTruthy();
    const records = screen.getByRole('table', { name: 'Record differences' });
    const row = within(records).getByText('libxc HVM_CONTEXT').closest('tr')!;
    const index = store.getState().index;
    const expected = Array.from({ length: index.count }, (_, i) => i).find((i) => index.layer(i) === Layer.Libxc && index.type(i) === Rec.HVM_CONTEXT);
    fireEvent.click(within(row).getByRole('button'));
    await waitFor(() => expect(store.getState().selection?.record).toBe(expected));
  });

  it('lines up the records of both side by side, named by the worker; Differences only keeps those that differ', async () => {
    const { store } = await compared();
    const side = screen.getByRole('region', { name: 'Records side by side' });
    const r = store.getState().compare!.result!.records;
    const differ = r.changed.length + r.onlyA.length + r.onlyB.length;
    expect(within(side).getByRole('heading').textContent).toContain(`${r.rows.status.length} rows, ${differ} differ`);
    // The first row pairs the two xl headers (their configs differ), both named and placed (B's index is only in the worker).
    await waitFor(() => expect(within(side).getAllByRole('listitem')[0]!.textContent).toMatch(/^#0 xl xl header 0x0+[=≠]#0 xl xl header 0x0+$/));
    fireEvent.click(within(side).getByRole('checkbox', { name: 'Differences only' }));
    await waitFor(() => expect(within(side).getAllByRole('listitem')).toHaveLength(differ));
    const context = await waitFor(() => {
      const row = within(side).getAllByRole('listitem').find((r) => /^#\d+ libxc HVM_CONTEXT 0x[0-9a-f]+≠#\d+ libxc HVM_CONTEXT 0x[0-9a-f]+$/.test(r.textContent ?? ''));
      expect(row, within(side).getAllByRole('listitem').map((r) => r.textContent).join('\n')).toBeDefined();
      return row!;
    });
    const index = store.getState().index;
    const expected = Array.from({ length: index.count }, (_, i) => i).find((i) => index.layer(i) === Layer.Libxc && index.type(i) === Rec.HVM_CONTEXT);
    fireEvent.click(within(context).getByRole('button'));
    await waitFor(() => expect(store.getState().selection?.record).toBe(expected));
  });

  it('Close comparison ends it and the tab goes', async () => {
    const { store } = await compared();
    fireEvent.click(screen.getByRole('button', { name: 'Close comparison' }));
    expect(store.getState().compare).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Compare' })).toBeNull();
  });

  it('compares two checkpoints of a Remus stream when asked', async () => {
    // The remus sample opened, and compared with a copy of itself: the same guest, until
    // checkpoint 1 of A is compared with checkpoint 2 of B (TSC info is resent with each).
    const r = renderExplorer(<Dock />);
    act(() => r.controller.openSample('remus'));
    await scanned(r.store);
    act(() => r.controller.compare.with(fileOf(buildSample('remus'), 'remus-copy.save')));
    await waitFor(() => expect(r.store.getState().compare?.status).toBe('done'), { timeout: 10_000 });
    expect(r.store.getState().compare!.result!.records.changed).toEqual([]);
    const n = r.store.getState().facts!.checkpoints;
    expect(n).toBeGreaterThan(1);
    fireEvent.change(screen.getByLabelText(`Checkpoint of A (1 to ${n}, empty for the whole stream)`), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText(`Checkpoint of B (1 to ${n}, empty for the whole stream)`), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(r.store.getState().compare?.result?.records.changed.map((c) => c.name)).toContain('libxc X86_TSC_INFO'), { timeout: 10_000 });
    expect(r.store.getState().compare!.checkpoints).toEqual([1, 2]);
    expect(screen.getByText(/at checkpoint 1/)).toBeTruthy();
  });
});
