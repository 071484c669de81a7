/**
 * Links to a guest page: a link naming a PFN opens the Memory tab at that page with its last
 * copy selected, and the address bar names the guest address the Memory tab shows, so that
 * the link copied brings it back. On the built-in HVM sample (its pages are the generator's).
 */
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildSample } from '../../../src/generator/index.ts';
import { parseHash, writeHash } from '../../../src/ui/permalink/hash.ts';
import { explorerParts } from '../support/renderExplorer.tsx';

describe('links to guest memory', () => {
  it('a link with pfn= opens the Memory tab at that page, its last copy selected in its record', async () => {
    const scan = await scanStream(new MemorySource(buildSample('hvm-v3')), { memory: true });
    const copy = scan.memory!.offsetOf(0x10);
    const { store, history, url } = explorerParts({ hash: writeHash({ target: { kind: 'sample', name: 'hvm-v3' }, spot: null, top: null, guest: { kind: 'pfn', pfn: 0x10 } }) });
    history.start();
    await waitFor(() => expect(store.getState().guest?.page?.ok).toBe(true), { timeout: 10_000 });
    const s = store.getState();
    expect(s.dockTab).toBe('memory');
    expect(s.guest!.shownCopy).toBe(copy);
    await waitFor(() => expect(store.getState().selection).toMatchObject({ record: scan.index.entryAt(copy), offset: copy, length: 4096 }));
    // The address bar keeps naming the page.
    await waitFor(() => expect(parseHash(url.hash).link?.guest).toEqual({ kind: 'pfn', pfn: 0x10 }));
  });

  it('the address bar names a virtual address and its vCPU once the Memory tab shows one', async () => {
    // History steps after a quiet spell of 1 ms, so that showing the address is a step of its own.
    const { store, history, url, controller } = explorerParts({ hash: '#v=2&sample=hvm-v3', coalesceMs: 1 });
    history.start();
    await waitFor(() => expect(store.getState().status).toBe('done'), { timeout: 10_000 });
    await waitFor(() => expect(store.getState().selection).not.toBeNull());
    await new Promise((r) => setTimeout(r, 20));
    // An address that cannot be read changes no selection: the address bar names it all the same.
    await controller.showGuest({ kind: 'virtual', address: 0x12345n, vcpu: 9 });
    await waitFor(() => expect(url.hash).toMatch(/&addr=0x12345&vcpu=9(&|$)/));
    expect(store.getState().guest?.page).toMatchObject({ ok: false, reason: 'there is no vCPU 9 in this image' });
    // Back, to before the address was shown: the Memory tab shows none, and the address bar names none.
    url.back();
    await waitFor(() => expect(store.getState().guest).toBeNull());
    expect(url.hash).not.toMatch(/addr=/);
  });
});
