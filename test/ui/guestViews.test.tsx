/**
 * The vCPUs and Memory tabs, PFN links in the field tree, the hex view's guest addresses and
 * Export memory…, on a generated HVM guest in long mode whose page tables and pages are known:
 * code at rip in PFN 30, the stack in PFN 31 (sent three times, each copy different), the next
 * virtual page mapped to PFN 32, which is never sent.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { App } from '../../src/ui/App.tsx';
import { known, longModeGuest } from '../support/longModeGuest.ts';
import { findRecord } from './support/records.ts';
import { decoded, renderExplorer, scanned } from './support/renderExplorer.tsx';

const stream = longModeGuest([[31], [31]]);

async function openGuest() {
  const r = renderExplorer(<App />, { sourceFor: () => new MemorySource(stream, 'guest.save') });
  act(() => r.controller.openSample('guest'));
  await scanned(r.store);
  await decoded(r.store, 0);
  return r;
}

const tab = (name: string) => screen.getByRole('tab', { name: new RegExp(`^${name}\\d*$`) });
const panel = () => screen.getByRole('tabpanel');
const hexRegion = () => screen.getByRole('region', { name: 'Hex' });

afterEach(() => vi.restoreAllMocks());
// Scans, decodes and reads run in-process behind the views: give a loaded machine time.
vi.setConfig({ testTimeout: 30_000 });

describe('the vCPUs tab', () => {
  it('shows the registers, the code around rip and the stack; rsp opens the Memory tab at the stack page', async () => {
    const { store } = await openGuest();
    fireEvent.click(tab('vCPUs'));
    const regs = await within(panel()).findByRole('table', { name: 'Registers' }, { timeout: 10_000 });
    const row = (name: string) => within(regs).getByRole('row', { name: new RegExp(`^${name} `) });
    expect(row('rip').textContent).toContain('0xffffffff81000040');
    expect(row('cr3').textContent).toContain(`0x${(200 * 4096).toString(16).padStart(16, '0')}`);
    // 21 bytes before rip, the byte at rip (marked), 10 after.
    const code = within(panel()).getByLabelText(/Code bytes/);
    expect(code.textContent).toBe([...known(30).subarray(0x40 - 21, 0x40 + 11)].map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect(code.querySelector('mark')!.textContent).toBe((30 + 0x40).toString(16));
    // The stack's first word, from the last copy of PFN 31.
    const words = within(panel()).getByRole('table', { name: 'Stack words' });
    const first = known(31, 2).subarray(0xf80, 0xf88).reduceRight((a, b) => (a << 8n) | BigInt(b), 0n);
    expect(within(words).getAllByRole('row')[0]!.textContent).toContain(first.toString(16).padStart(16, '0'));

    fireEvent.click(within(row('rsp')).getByRole('button'));
    await waitFor(() => expect(tab('Memory').getAttribute('aria-selected')).toBe('true'));
    await waitFor(() => expect(within(panel()).getByLabelText('Where the page lies').textContent).toContain('PFN0x1f'), { timeout: 10_000 });
    const g = store.getState().guest!;
    expect(g.page?.ok).toBe(true);
    const copy = g.shownCopy!;
    // The stack page's last copy is selected, in the record holding it, and the hex view shows it.
    expect(store.getState().selection).toMatchObject({ record: store.getState().index.entryAt(copy), offset: copy, length: 4096 });
    expect(stream.subarray(copy, copy + 4096)).toEqual(known(31, 2));
    const cursor = copy + 0xf80;
    await waitFor(() => expect(hexRegion().querySelector(`[data-offset="${cursor}"]`)).not.toBeNull());
    // The row holding rsp's byte is labelled with its guest-virtual address.
    const rowEl = hexRegion().querySelector(`[data-offset="${cursor}"]`)!.closest('.hex-row')!;
    const label = rowEl.querySelector('.hex-guest')!.textContent!;
    const rowStart = cursor - (cursor % 16);
    expect(BigInt(`0x${label}`)).toBe(0xffffc90000003000n + BigInt(Math.max(rowStart, copy) - copy));
  });
});

describe('the vCPUs tab on a PV guest', () => {
  it("shows the vCPU whose X86_PV_VCPU_BASIC record is selected, and stays in the background", async () => {
    const r = renderExplorer(<App />);
    act(() => r.controller.openSample('pv64-v2'));
    await scanned(r.store);
    fireEvent.click(tab('vCPUs'));
    const pick = await within(panel()).findByLabelText('vCPU', {}, { timeout: 10_000 });
    expect((pick as HTMLSelectElement).value).toBe('0');
    fireEvent.click(tab('Validation'));
    act(() => r.controller.selectRecord(findRecord(r.store.getState().index, 'X86_PV_VCPU_BASIC', 1)));
    expect(r.store.getState().dockTab).toBe('validation');
    fireEvent.click(tab('vCPUs'));
    await waitFor(() => expect((within(panel()).getByLabelText('vCPU') as HTMLSelectElement).value).toBe('1'));
  });
});

describe('the Memory tab', () => {
  it('lists every copy of a resent PFN oldest first, and shows an older copy when asked', async () => {
    const { store } = await openGuest();
    fireEvent.click(tab('Memory'));
    fireEvent.change(within(panel()).getByLabelText('Address kind'), { target: { value: 'pfn' } });
    fireEvent.change(within(panel()).getByLabelText('Guest address'), { target: { value: '0x1f' } });
    fireEvent.click(within(panel()).getByRole('button', { name: 'Show' }));
    const copies = await within(panel()).findByRole('list', { name: 'Copies of the page' }, { timeout: 10_000 });
    const items = within(copies).getAllByRole('button');
    expect(items).toHaveLength(3);
    expect(items[2]!.getAttribute('aria-current')).toBe('true');
    fireEvent.click(items[0]!);
    const first = store.getState().guest!.shownCopy!;
    expect(stream.subarray(first, first + 4096)).toEqual(known(31, 0));
    expect(store.getState().selection).toMatchObject({ offset: first, length: 4096 });
    await waitFor(() => expect(within(panel()).getAllByRole('button', { current: true })[0]).toBe(within(copies).getAllByRole('button')[0]));
  });

  it('says why an address cannot be read: a page never sent, an unmapped address, a bad number', async () => {
    await openGuest();
    fireEvent.click(tab('Memory'));
    const show = (kind: string, text: string) => {
      fireEvent.change(within(panel()).getByLabelText('Address kind'), { target: { value: kind } });
      fireEvent.change(within(panel()).getByLabelText('Guest address'), { target: { value: text } });
      fireEvent.click(within(panel()).getByRole('button', { name: 'Show' }));
    };
    show('virtual', '0xffffc90000004010');
    expect((await within(panel()).findByRole('alert', {}, { timeout: 10_000 })).textContent).toMatch(/page not in the image.*PFN 0x20 was never sent/);
    show('virtual', '0xffffc90000005000');
    await waitFor(() => expect(within(panel()).getByRole('alert').textContent).toMatch(/page table L1.*not present/));
    // The entries the walk read, top level first: L4, L3 and L2 present, the L1 entry empty.
    const walk = within(panel()).getByRole('list', { name: 'Page-table entries read' });
    expect(within(walk).getAllByRole('listitem').map((li) => li.textContent!.split(' ')[0])).toEqual(['L4', 'L3', 'L2', 'L1']);
    expect(within(walk).getAllByRole('listitem')[3]!.textContent).toMatch(/= 0x0$/);
    show('physical', 'zz');
    expect(within(panel()).getByText('“zz” is not a number (hex 0x… or decimal)').getAttribute('role')).toBe('alert');
  });
});

describe('PFN fields', () => {
  it('link to their page: STORE_PFN in HVM_PARAMS opens the Memory tab at PFN 0xfe', async () => {
    const { controller, store } = await openGuest();
    const params = findRecord(store.getState().index, 'HVM_PARAMS');
    act(() => controller.selectRecord(params));
    await decoded(store, params);
    const tree = screen.getByRole('tree', { name: 'Fields' });
    // The param's value field carries the PFN: open its group.
    const group = within(tree).getAllByRole('treeitem').find((r) => /STORE_PFN/.test(r.textContent ?? ''))!;
    fireEvent.click(group);
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    const link = await within(tree).findByTitle('Show PFN 0xfe in the Memory tab');
    fireEvent.click(link);
    await waitFor(() => expect(store.getState().guest?.page?.ok).toBe(true));
    expect(store.getState().guest!.target).toEqual({ kind: 'pfn', pfn: 0xfe });
    expect(tab('Memory').getAttribute('aria-selected')).toBe('true');
    // From the keyboard: M on the field holding IOREQ_PFN (0xfd).
    act(() => controller.selectRecord(params));
    await decoded(store, params);
    const ioreq = within(screen.getByRole('tree', { name: 'Fields' })).getAllByRole('treeitem').find((r) => /IOREQ_PFN = /.test(r.textContent ?? '') && !/BUF/.test(r.textContent ?? ''))!;
    fireEvent.click(ioreq);
    fireEvent.keyDown(screen.getByRole('tree', { name: 'Fields' }), { key: 'ArrowRight' });
    const value = await within(screen.getByRole('tree', { name: 'Fields' })).findByTitle('Show PFN 0xfd in the Memory tab');
    fireEvent.click(value.closest('[role="treeitem"]')!);
    fireEvent.keyDown(screen.getByRole('tree', { name: 'Fields' }), { key: 'm' });
    await waitFor(() => expect(store.getState().guest!.target).toEqual({ kind: 'pfn', pfn: 0xfd }));
  });
});

describe('Export memory…', () => {
  it('downloads a raw image as a Blob of the file: its size is (max PFN + 1) pages, each page at PFN × 4096', async () => {
    const downloads: { blob: Blob; name: string }[] = [];
    let last: Blob | null = null;
    URL.createObjectURL = vi.fn((b: Blob) => ((last = b), 'blob:memory'));
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ blob: last!, name: this.download });
    });
    await openGuest();
    fireEvent.click(screen.getByRole('button', { name: 'Export memory…' }));
    fireEvent.click(screen.getByRole('menuitem', { name: /Raw image/ }));
    await waitFor(() => expect(downloads).toHaveLength(1), { timeout: 10_000 });
    expect(downloads[0]!.name).toBe('guest-memory.raw');
    const blob = downloads[0]!.blob;
    expect(blob.size).toBe(256 * 4096);
    expect(new Uint8Array(await blob.slice(31 * 4096, 32 * 4096).arrayBuffer())).toEqual(known(31, 2));
    // 256 PFNs but for the VGA hole the generator sends as XTAB (0xa0–0xbf) and PFN 32.
    expect(screen.getByText(/Downloading guest-memory\.raw: 223 pages/)).toBeTruthy();
    expect(new Uint8Array(await blob.slice(0xa0 * 4096, 0xa1 * 4096).arrayBuffer())).toEqual(new Uint8Array(4096));
  });

  it('says how many pages a compressed Remus checkpoint left out, and to convert first', async () => {
    // The built-in compressed Remus sample: its later checkpoints send pages compressed.
    URL.createObjectURL = vi.fn(() => 'blob:memory');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const r = renderExplorer(<App />);
    act(() => r.controller.openSample('legacy-remus'));
    await scanned(r.store);
    fireEvent.click(screen.getByRole('button', { name: 'Export memory…' }));
    fireEvent.click(screen.getByRole('menuitem', { name: /Raw image/ }));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/^\d+ pages a Remus checkpoint sent compressed are not in it: Convert to v2… first/);
    expect(Number(alert.textContent!.split(' ')[0])).toBeGreaterThan(0);
  });

  it('is disabled, saying why, while the scan runs', () => {
    const r = renderExplorer(<App />, { sourceFor: () => new MemorySource(stream, 'guest.save') });
    act(() => r.controller.openSample('guest'));
    const button = screen.getByRole('button', { name: 'Export memory…' });
    expect(button).toHaveProperty('disabled', true);
    expect(button.title).toBe('Memory can be exported when the scan has finished');
  });
});
