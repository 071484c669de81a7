/**
 * Find in the field tree, on the domain config an xl header holds (the HVM sample's JSON
 * config, listed as numbered lines): the rows whose text holds the word are marked, their count
 * shown, and Enter / Shift+Enter go from one to the next, selecting its bytes.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildSample } from '../../src/generator/index.ts';
import { FieldTree } from '../../src/ui/fields/FieldTree.tsx';
import { decoded, renderExplorer, scanned } from './support/renderExplorer.tsx';

/** The config's lines as the xl header holds them: config_len at 48, the text from 52. */
function configLines(bytes: Uint8Array): { text: string; offset: number }[] {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(48, true);
  const lines: { text: string; offset: number }[] = [];
  let at = 52;
  for (const line of Buffer.from(bytes.subarray(52, 52 + len)).toString('latin1').split('\n')) {
    lines.push({ text: line, offset: at });
    at += line.length + 1;
  }
  return lines;
}

describe('Find in fields', () => {
  it('marks the config lines holding a word and steps through them with Enter', async () => {
    const r = renderExplorer(<FieldTree />);
    act(() => r.controller.openSample('hvm-v3'));
    await scanned(r.store);
    act(() => r.controller.selectRecord(0));
    await decoded(r.store, 0);
    const want = configLines(buildSample('hvm-v3')).filter((l) => l.text.toLowerCase().includes('memkb'));
    expect(want.length).toBeGreaterThan(1);

    const box = screen.getByRole('searchbox', { name: 'Find in fields' });
    fireEvent.change(box, { target: { value: 'MEMKB' } });
    expect(screen.getByText(`${want.length} found`)).toBeTruthy();
    const tree = screen.getByRole('tree', { name: 'Fields' });
    const marked = within(tree).getAllByRole('treeitem').filter((row) => row.classList.contains('found'));
    expect(marked.map((row) => row.querySelector('.tree-value')!.textContent)).toEqual(want.map((l) => l.text));
    // The config is pretty-printed JSON: its lines are indented, and the tree keeps that (white-space: pre).
    expect(want[0]!.text.startsWith(' ')).toBe(true);

    fireEvent.keyDown(box, { key: 'Enter' });
    expect(r.store.getState().selection).toMatchObject({ record: 0, offset: want[0]!.offset });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(r.store.getState().selection).toMatchObject({ offset: want[1]!.offset });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(r.store.getState().selection).toMatchObject({ offset: want[0]!.offset });
  });
});
