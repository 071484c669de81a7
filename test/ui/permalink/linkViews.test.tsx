/** What the page shows for permalinks: the prompt for a link's file, the warnings, Copy link. */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { buildSample } from '../../../src/generator/index.ts';
import { App } from '../../../src/ui/App.tsx';
import { writeHash } from '../../../src/ui/permalink/hash.ts';
import { fingerprint } from '../../../src/worker/fingerprint.ts';
import { renderExplorer, scanned } from '../support/renderExplorer.tsx';

const fileOf = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);

async function linkToFile(record: number) {
  const bytes = buildSample('hvm-v3');
  const fp = await fingerprint(new MemorySource(bytes));
  const hash = writeHash({ target: { kind: 'file', name: 'guest-41.save', size: bytes.length, fingerprint: fp }, spot: { record, field: { indexes: [0, 1] }, bytes: { offset: 0, length: 4 } }, top: 0 });
  return { bytes, fp, hash };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the page asking for a link\'s file', () => {
  it('names the file, its size and fingerprint and what the link points at, and goes there when the file is chosen', async () => {
    const { bytes, fp, hash } = await linkToFile(2);
    const { store, history } = renderExplorer(<App />, { hash });
    act(() => void history.start());
    const page = screen.getByRole('main', { name: 'Open the file this link points at' });
    expect(page.textContent).toContain('record #2, field 0.1, bytes 0x0–0x3 (4 bytes)');
    const expected = within(page).getByLabelText('The file the link needs');
    expect(expected.textContent).toContain('guest-41.save');
    expect(expected.textContent).toContain(`(${bytes.length.toLocaleString('en-US')} bytes)`);
    expect(expected.textContent).toContain(fp);
    expect(within(page).getByRole('button', { name: 'Choose guest-41.save…' })).toBeTruthy();

    fireEvent.change(page.querySelector('input[type=file]')!, { target: { files: [fileOf(bytes, 'guest-41.save')] } });
    await waitFor(() => expect(store.getState().link).toBeNull());
    expect(store.getState().selection).toMatchObject({ record: 2, fieldPath: [0, 1] });
    await waitFor(() => expect(screen.getByRole('tree', { name: 'Fields' }).querySelector('[aria-selected="true"]')?.getAttribute('data-path')).toBe('0.1'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes to the start page instead when asked', async () => {
    const { hash } = await linkToFile(2);
    const { store, history } = renderExplorer(<App />, { hash });
    act(() => void history.start());
    fireEvent.click(screen.getByRole('button', { name: 'Go to the start page instead' }));
    expect(store.getState().link).toBeNull();
    expect(screen.getByRole('list', { name: 'Samples' })).toBeTruthy();
  });
});

describe('warnings about a link', () => {
  it('says plainly that a dropped file is another one, and goes to the link\'s spot anyway when asked', async () => {
    const { hash } = await linkToFile(6);
    const { store, history, container } = renderExplorer(<App />, { hash });
    act(() => void history.start());
    const other = buildSample('remus');
    fireEvent.drop(container.querySelector('.app')!, { dataTransfer: { files: [fileOf(other, 'other.save')], types: ['Files'] } });
    const warning = await screen.findByRole('alert', { name: 'Not the link\'s file' });
    expect(warning.textContent).toContain('This is not the file the link points at: its size is different.');
    expect(warning.textContent).toContain('The link points at record #6, field 0.1, bytes 0x0–0x3 (4 bytes).');
    expect(warning.textContent).toContain('guest-41.save');
    expect(warning.textContent).toContain('other.save');
    await scanned(store);
    fireEvent.click(within(warning).getByRole('button', { name: 'Go there anyway' }));
    await waitFor(() => expect(store.getState().link).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().selection?.record).toBe(6);
  });

  it('lists what a bad link could not do, until dismissed', async () => {
    const { store, history } = renderExplorer(<App />, { hash: '#v=1&sample=hvm-v3&rec=777&sel=zz' });
    act(() => void history.start());
    const notice = await screen.findByRole('status', { name: 'About this link' });
    await waitFor(() => expect(store.getState().link).toBeNull());
    expect(within(notice).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'The selected bytes “zz” are not an offset and a length (like 0x1a2b+8); they were left out.',
      `The link points at record 777, but this file has ${store.getState().index.count} records; the last one is shown.`,
    ]);
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status', { name: 'About this link' })).toBeNull();
  });
});

describe('Copy link', () => {
  async function openSample() {
    const r = renderExplorer(<App />);
    act(() => void r.history.start());
    act(() => r.controller.openSample('hvm-v3'));
    await scanned(r.store);
    act(() => r.controller.selectRecord(4));
    return r;
  }

  it('copies the address of what is on screen, from the button and with L outside text boxes', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await openSample();
    const button = screen.getByRole('button', { name: 'Copy link' });
    expect(button.getAttribute('title')).toContain('(L)');
    fireEvent.click(button);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('http://127.0.0.1/explorer/#v=2&sample=hvm-v3&rec=4&top=0x0'));
    await screen.findByRole('button', { name: 'Link copied' });

    fireEvent.keyDown(document.body, { key: 'l' });
    expect(writeText).toHaveBeenCalledTimes(2);
    const box = screen.getByRole('textbox', { name: 'Go to offset' });
    fireEvent.keyDown(box, { key: 'l' });
    fireEvent.keyDown(document.body, { key: 'l', ctrlKey: true });
    expect(writeText).toHaveBeenCalledTimes(2);
  });

  it('shows the link to copy by hand where the clipboard is out of reach', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    await openSample();
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    const dialog = await screen.findByRole('dialog', { name: 'Copy this link' });
    const input = within(dialog).getByRole('textbox', { name: 'Link' }) as HTMLInputElement;
    expect(input.value).toBe('http://127.0.0.1/explorer/#v=2&sample=hvm-v3&rec=4&top=0x0');
    expect(document.activeElement).toBe(input);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
