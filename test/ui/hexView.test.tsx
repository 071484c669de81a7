import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../src/decoder/bytes/ByteSource.ts';
import type { StreamFacts } from '../../src/decoder/core/facts.ts';
import { fieldAt } from '../../src/decoder/model/Field.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { RecordIndex } from '../../src/decoder/model/RecordIndex.ts';
import { buildSample } from '../../src/generator/index.ts';
import { HEX_ROW_HEIGHT } from '../../src/ui/hex/HexRows.tsx';
import { HexView } from '../../src/ui/hex/HexView.tsx';
import type { ProgressUpdate } from '../../src/worker/protocol.ts';
import { decoded, renderExplorer, scanned } from './support/renderExplorer.tsx';
import { findRecord } from './support/records.ts';

const GiB = 1024 ** 3;
/** Rows the hex view shows in jsdom (no layout: the 400 px fallback height). */
const ROWS = Math.floor(400 / HEX_ROW_HEIGHT);

const hex = () => screen.getByRole('region', { name: 'Hex' });
const cell = (offset: number) => hex().querySelector<HTMLElement>(`[data-offset="${offset}"]`);
const shownOffsets = () => [...hex().querySelectorAll<HTMLElement>('[data-offset]')].map((c) => Number(c.dataset.offset));

/** A file of any size whose every byte is a function of its offset: no memory, and wrong bytes show. */
function syntheticSource(size: number): ByteSource & { byteOf: (o: number) => number } {
  const byteOf = (o: number) => Number((BigInt(o) * 131n + BigInt(Math.floor(o / 4096)) * 7n + 3n) & 0xffn);
  return {
    name: 'huge.bin',
    size,
    byteOf,
    read: async (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      return Uint8Array.from({ length: n }, (_, i) => byteOf(offset + i));
    },
  };
}

async function openSample(name: string) {
  const r = renderExplorer(<HexView />);
  act(() => r.controller.openSample(name));
  await scanned(r.store);
  await decoded(r.store, 0);
  return { ...r, bytes: buildSample(name) };
}

async function openHuge(size: number) {
  const src = syntheticSource(size);
  const r = renderExplorer(<HexView />, { sourceFor: () => src });
  act(() => r.controller.openSample('huge'));
  await scanned(r.store);
  return { ...r, src };
}

const text = (o: number) => cell(o)?.textContent;
const hx = (v: number) => v.toString(16).padStart(2, '0');

describe('HexView', () => {
  it('is a region named Hex showing 16 bytes a row with their offsets, as they are in the file', async () => {
    const { bytes } = await openSample('hvm-v3');
    await waitFor(() => expect(text(0)).toBe(hx(bytes[0]!)));
    const offsets = shownOffsets();
    expect(offsets.length).toBe(ROWS * 16 + 16);
    for (const o of offsets) expect(text(o)).toBe(hx(bytes[o]!));
    expect(within(hex()).getByText('0x00000010')).toBeTruthy();
    // ASCII column: "Xen saved domain" starts the file.
    const chars = [...hex().querySelectorAll<HTMLElement>('[data-char]')].slice(0, 16).map((c) => c.textContent).join('');
    expect(chars).toBe('Xen saved domain');
  });

  it('selects the innermost field holding a clicked byte, in whichever record holds it, and highlights its bytes', async () => {
    const { store, bytes } = await openSample('hvm-v3');
    await waitFor(() => expect(text(0)).toBe(hx(bytes[0]!)));
    const { index } = store.getState();
    const libxl = findRecord(index, 'libxl header');
    const at = index.offset(libxl) + 9; // inside the version field (bytes 8..11)
    fireEvent.mouseDown(cell(at)!);
    await decoded(store, libxl);
    await waitFor(() => expect(store.getState().selection?.fieldPath).not.toBeNull());
    const s = store.getState();
    const hit = fieldAt(s.fields!.tree, at)!;
    expect(hit.field.name).toBe('version');
    expect(s.selection).toEqual({ record: libxl, fieldPath: hit.path, offset: index.offset(libxl) + 8, length: 4 });
    for (const o of shownOffsets()) {
      const inField = o >= index.offset(libxl) + 8 && o < index.offset(libxl) + 12;
      expect(cell(o)!.classList.contains('sel'), `byte ${o}`).toBe(inField);
      // The clicked byte itself is marked inside the field.
      expect(cell(o)!.classList.contains('cur'), `byte ${o}`).toBe(o === at);
    }
  });

  it('tints every field of the selected record and marks where records start', async () => {
    const { store, bytes } = await openSample('hvm-v3');
    await waitFor(() => expect(text(0)).toBe(hx(bytes[0]!)));
    const { index } = store.getState();
    const xl = index.get(0);
    for (const o of shownOffsets()) {
      const inRecord = o < xl.offset + xl.length;
      const tinted = ['f0', 'f1', 'rec'].some((c) => cell(o)!.classList.contains(c));
      expect(tinted, `byte ${o}`).toBe(inRecord);
    }
    // Neighbouring fields alternate tints: magic (0..31) and byteorder (32..35).
    expect(cell(31)!.className.match(/f[01]/)![0]).not.toBe(cell(32)!.className.match(/f[01]/)![0]);
    const next = index.get(1).offset;
    if (next < ROWS * 16) expect(cell(next)!.classList.contains('rstart')).toBe(true);
    expect(cell(5)!.classList.contains('rstart')).toBe(false);
  });

  it('marks where records start as the scan finds them among the shown bytes', () => {
    // The store fed as a scan's progress messages feed it: a first record of 48 bytes, then one starting on the fourth row.
    const { store } = renderExplorer(<HexView />);
    const index = new RecordIndex();
    const facts: StreamFacts = { containers: [], checkpoints: 0, complete: false, endOffset: 0 };
    const progress = (): ProgressUpdate => ({ progress: { offset: 0, size: 4096, records: index.count, diagnostics: 0 }, batch: index.batch(0), diagnostics: [], diagnosticsStart: 0, facts, counts: { error: 0, warning: 0, info: 0 } });
    index.add(0, 48, 40, Layer.Libxc, 1, 0, 0, 0);
    act(() => {
      const s = store.getState();
      s.beginOpen(1, { name: 'f.save', size: 4096 });
      s.opened('f.save', 4096, '0');
      s.progressed(progress());
    });
    expect(cell(48)!.classList.contains('rstart')).toBe(false);
    index.add(48, 64, 56, Layer.Libxc, 1, 0, 0, 0);
    act(() => store.getState().progressed(progress()));
    expect(cell(48)!.classList.contains('rstart')).toBe(true);
  });

  it('goes to an offset typed in hex or decimal, and says when it cannot', async () => {
    const { store, bytes } = await openSample('hvm-v3');
    const box = screen.getByRole('textbox', { name: 'Go to offset' });
    const target = 0x8123;
    fireEvent.change(box, { target: { value: '0x8123' } });
    fireEvent.submit(box);
    await waitFor(() => expect(text(target)).toBe(hx(bytes[target]!)));
    expect(store.getState().selection?.record).toBe(store.getState().index.entryAt(target));
    fireEvent.change(box, { target: { value: String(bytes.length - 1) } });
    fireEvent.submit(box);
    await waitFor(() => expect(text(bytes.length - 1)).toBe(hx(bytes.at(-1)!)));
    fireEvent.change(box, { target: { value: 'zz' } });
    fireEvent.submit(box);
    expect(screen.getByRole('alert').textContent).toMatch(/0x/);
    fireEvent.change(box, { target: { value: String(bytes.length) } });
    fireEvent.submit(box);
    expect(screen.getByRole('alert').textContent).toMatch(/Past the end/);
  });

  it('scrolls by rows with the wheel and the keyboard', async () => {
    const { store } = await openSample('hvm-v3');
    const body = hex().querySelector('.hex-body')!;
    act(() => {
      body.dispatchEvent(new WheelEvent('wheel', { deltaY: HEX_ROW_HEIGHT * 3, bubbles: true, cancelable: true }));
    });
    expect(store.getState().hexTopRow).toBe(3);
    fireEvent.keyDown(body, { key: 'PageDown' });
    expect(store.getState().hexTopRow).toBe(3 + ROWS - 1);
    fireEvent.keyDown(body, { key: 'ArrowUp' });
    expect(store.getState().hexTopRow).toBe(3 + ROWS - 2);
    fireEvent.keyDown(body, { key: 'Home' });
    expect(store.getState().hexTopRow).toBe(0);
  });

  it('reaches every byte of a 100 GiB file: the last one, any one past 4 GiB, from keys, the box and the scrollbar', async () => {
    const size = 100 * GiB + 5;
    const { store, src } = await openHuge(size);
    const body = hex().querySelector('.hex-body')!;
    fireEvent.keyDown(body, { key: 'End' });
    await waitFor(() => expect(text(size - 1)).toBe(hx(src.byteOf(size - 1))));
    expect(cell(size)).toBeNull();
    for (const o of shownOffsets()) expect(text(o)).toBe(hx(src.byteOf(o)));

    const box = screen.getByRole('textbox', { name: 'Go to offset' });
    const far = 4 * GiB + 4093; // the row straddles a cache page boundary
    fireEvent.change(box, { target: { value: '0x' + far.toString(16) } });
    fireEvent.submit(box);
    await waitFor(() => expect(text(far)).toBe(hx(src.byteOf(far))));
    // Rows on other cache pages may arrive a moment later.
    await waitFor(() => {
      for (const o of shownOffsets()) expect(text(o)).toBe(hx(src.byteOf(o)));
    });

    // Dragging the scrollbar to the middle shows the middle of the file; to the end, the end.
    const bar = hex().querySelector('.hex-scrollbar') as HTMLElement;
    const spacer = parseFloat((bar.firstElementChild as HTMLElement).style.height);
    expect(spacer).toBeLessThanOrEqual(16_000_000);
    bar.scrollTop = (spacer - 400) / 2;
    fireEvent.scroll(bar);
    const mid = store.getState().hexTopRow * 16;
    expect(Math.abs(mid - size / 2)).toBeLessThan(size / 1000);
    await waitFor(() => expect(text(mid)).toBe(hx(src.byteOf(mid))));
    bar.scrollTop = spacer - 400;
    fireEvent.scroll(bar);
    await waitFor(() => expect(text(size - 1)).toBe(hx(src.byteOf(size - 1))));
  });
});
