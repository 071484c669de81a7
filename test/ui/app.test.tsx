import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSample, SAMPLES } from '../../src/generator/index.ts';
import { App } from '../../src/ui/App.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

describe('App', () => {
  it('starts on the start page, which says what the tool does and offers the samples', async () => {
    const { store } = renderExplorer(<App />);
    expect(screen.getByRole('heading', { name: 'Xen Stream Explorer' })).toBeTruthy();
    expect(screen.getByText(/every record, field and byte/)).toBeTruthy();
    const cards = within(screen.getByRole('list', { name: 'Samples' })).getAllByRole('button');
    expect(cards.map((c) => c.textContent)).toEqual(SAMPLES.map((s) => s.title + s.description.replaceAll('`', '')));
    fireEvent.click(cards[3]!);
    await scanned(store);
    expect(store.getState().file?.sample).toBe(SAMPLES[3]!.name);
    expect(screen.getByRole('grid', { name: 'Records' })).toBeTruthy();
  });

  it('opens a file from the file input and shows its name, size, format, records and problem counts', async () => {
    const { store, container } = renderExplorer(<App />);
    const bytes = buildSample('broken-pv');
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([bytes as Uint8Array<ArrayBuffer>], 'guest-7.save')] } });
    await scanned(store);
    const s = store.getState();
    const header = screen.getByRole('banner');
    expect(within(header).getByText('guest-7.save')).toBeTruthy();
    const records = screen.getByRole('region', { name: 'Records' });
    expect(within(records).getByTestId('facts').textContent).toBe('xl → libxl v2 → libxc v3, x86 PV 64-bit, Xen 4.17');
    expect(within(header).getByTestId('record-count').textContent).toBe(`${s.index.count} records`);
    expect(s.counts.error).toBeGreaterThan(0);
    expect(within(header).getByTestId('error-count').textContent).toBe(`${s.counts.error} error${s.counts.error === 1 ? '' : 's'}`);
  });

  it.each([
    ['an empty file', new Uint8Array(0)],
    ['a file that is no save image', new TextEncoder().encode('just some text, not a Xen stream at all\n')],
  ])('opens %s without breaking, and says what is wrong', async (_, bytes) => {
    const { store, container } = renderExplorer(<App />);
    fireEvent.change(container.querySelector('input[type=file]')!, { target: { files: [new File([bytes as Uint8Array<ArrayBuffer>], 'odd.bin')] } });
    await scanned(store);
    const items = within(screen.getByRole('region', { name: 'Validation' })).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.diag-id')!.textContent)).toContain('FORMAT_UNKNOWN');
    expect(screen.getByRole('region', { name: 'Hex' })).toBeTruthy();
    expect(screen.getByRole('tree', { name: 'Fields' }).textContent).toMatch(/Select a record|Decoding/);
  });

  it('opens a file dropped on the page', async () => {
    const { store, container } = renderExplorer(<App />);
    const file = new File([buildSample('remus') as Uint8Array<ArrayBuffer>], 'dropped.save');
    fireEvent.drop(container.querySelector('.app')!, { dataTransfer: { files: [file], types: ['Files'] } });
    await scanned(store);
    expect(store.getState().file?.name).toBe('dropped.save');
    expect(store.getState().facts?.checkpoints).toBe(3);
  });

  it('opens samples from the Samples menu, and Close goes back to the start page', async () => {
    const { store } = renderExplorer(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Samples ▾' }));
    const menu = screen.getByRole('menu', { name: 'Samples' });
    fireEvent.click(within(menu).getByText(SAMPLES[1]!.title));
    await scanned(store);
    expect(store.getState().file?.name).toBe(`${SAMPLES[1]!.name}.save`);
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(store.getState().file).toBeNull();
    expect(screen.getByRole('list', { name: 'Samples' })).toBeTruthy();
  });

  it('focuses the go-to-offset box on Ctrl+G and on G', async () => {
    const { controller, store } = renderExplorer(<App />);
    act(() => controller.openSample('hvm-v3'));
    await scanned(store);
    const box = screen.getByRole('textbox', { name: 'Go to offset' });
    fireEvent.keyDown(window, { key: 'g', ctrlKey: true });
    expect(document.activeElement).toBe(box);
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: 'g' });
    expect(document.activeElement).toBe(box);
  });

  it('shows progress and a Cancel button while a scan runs, and keeps what it found when cancelled', async () => {
    const { store, controller } = renderExplorer(<App />);
    act(() => controller.openSample('hvm-v3'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy());
    expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toBeTruthy();
    await scanned(store);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });
});
