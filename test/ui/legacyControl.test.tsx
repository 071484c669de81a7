import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSample } from '../../src/generator/index.ts';
import { App } from '../../src/ui/App.tsx';
import type { ToWorker } from '../../src/worker/protocol.ts';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const bar = () => screen.getByRole('group', { name: 'Legacy stream decoding' });
const select = (name: string) => within(bar()).getByRole('combobox', { name }) as HTMLSelectElement;
const shownOption = (name: string) => select(name).selectedOptions[0]!.textContent;
const lastOpen = (sent: ToWorker[]) => sent.filter((m) => m.type === 'open').at(-1)!;

describe('legacy decoding control', () => {
  it('is not there for a stream that says its own width and guest type', async () => {
    const { controller, store } = renderExplorer(<App />);
    act(() => controller.openSample('hvm-v3'));
    await scanned(store);
    expect(screen.queryByRole('group', { name: 'Legacy stream decoding' })).toBeNull();
  });

  it('shows what the scan inferred for a legacy stream, and why', async () => {
    const { controller, store } = renderExplorer(<App />);
    act(() => controller.openSample('legacy-pv'));
    await scanned(store);
    expect(shownOption('Toolstack')).toBe('Auto (64-bit)');
    expect(shownOption('Guest')).toBe('Auto (PV)');
    expect(within(bar()).getByTestId('legacy-decided-by').textContent).toBe(store.getState().facts!.legacy!.decidedBy);
    expect(store.getState().facts!.legacy!.decidedBy).toMatch(/64-bit toolstack .*; PV guest/);
  });

  it('scans the same sample again as the guest type chosen, and the facts follow', async () => {
    const { controller, store, port } = renderExplorer(<App />);
    act(() => controller.openSample('legacy-pv'));
    await scanned(store);
    const guest = select('Guest');
    guest.focus();
    fireEvent.change(guest, { target: { value: 'hvm' } });
    expect(lastOpen(port.sent)).toMatchObject({ type: 'open', input: { kind: 'sample', name: 'legacy-pv' }, legacy: { guest: 'hvm' } });
    // The bar stays (and keeps focus) while the facts are redone.
    expect(select('Guest')).toBe(guest);
    expect(document.activeElement).toBe(guest);
    await scanned(store);
    const l = store.getState().facts!.legacy!;
    expect(l).toMatchObject({ guest: 'hvm', guestFrom: 'option', width: 8, widthFrom: 'stream' });
    expect(guest.value).toBe('hvm');
    expect(shownOption('Toolstack')).toBe('Auto (64-bit)');
    expect(within(bar()).getByTestId('legacy-decided-by').textContent).toContain('HVM guest as given by the user');
    expect(screen.getByTestId('facts').textContent).toContain('x86 HVM (as given)');
  });

  it('scans the same dropped file again as the width chosen, then back to the inferred one', async () => {
    const { controller, store, port } = renderExplorer(<App />);
    const file = new File([buildSample('legacy-remus') as Uint8Array<ArrayBuffer>], 'remus-32.img');
    act(() => controller.openFile(file));
    await scanned(store);
    expect(shownOption('Toolstack')).toBe('Auto (32-bit)');
    const before = store.getState().index.count;

    fireEvent.change(select('Toolstack'), { target: { value: '8' } });
    await scanned(store);
    expect(lastOpen(port.sent)).toMatchObject({ type: 'open', legacy: { width: 8 } });
    const input = lastOpen(port.sent).input;
    expect(input.kind === 'file' && input.file).toBe(file);
    expect(store.getState().file).toMatchObject({ name: 'remus-32.img', legacy: { width: 8 } });
    expect(store.getState().facts!.legacy).toMatchObject({ width: 8, widthFrom: 'option' });
    expect(screen.getByTestId('facts').textContent).toContain('64-bit toolstack (as given)');
    // Read as 64-bit, the 32-bit stream no longer makes sense: the decoding really changed.
    expect(store.getState().counts.error).toBeGreaterThan(0);
    expect(shownOption('Toolstack')).toBe('64-bit');

    fireEvent.change(select('Toolstack'), { target: { value: 'auto' } });
    await scanned(store);
    expect(lastOpen(port.sent)).toMatchObject({ type: 'open', legacy: {} });
    expect(store.getState().facts!.legacy).toMatchObject({ width: 4, widthFrom: 'stream' });
    await waitFor(() => expect(store.getState().index.count).toBe(before));
  });
});
