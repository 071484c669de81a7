import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FieldTree } from '../../src/ui/fields/FieldTree.tsx';
import { decoded, renderExplorer, scanned } from './support/renderExplorer.tsx';
import { findRecord } from './support/records.ts';

async function treeOf(recordName: string, sample = 'hvm-v3') {
  const r = renderExplorer(<FieldTree />);
  act(() => r.controller.openSample(sample));
  await scanned(r.store);
  const record = findRecord(r.store.getState().index, recordName);
  act(() => r.controller.selectRecord(record));
  await decoded(r.store, record);
  const tree = await screen.findByRole('tree', { name: 'Fields' });
  return { ...r, record, tree, e: r.store.getState().index.get(record) };
}

const items = (tree: HTMLElement) => within(tree).getAllByRole('treeitem');
const item = (tree: HTMLElement, name: string) => items(tree).find((i) => i.querySelector('.tree-name')!.textContent === name)!;

describe('FieldTree', () => {
  it('shows each field\'s name, value, offset and length, nested by level', async () => {
    const { tree, e } = await treeOf('X86_TSC_INFO');
    const header = item(tree, 'record header');
    expect(header.getAttribute('aria-level')).toBe('1');
    expect(header.getAttribute('aria-expanded')).toBe('true');
    const type = item(tree, 'type');
    expect(type.getAttribute('aria-level')).toBe('2');
    expect(type.textContent).toContain('X86_TSC_INFO');
    expect(type.textContent).toContain('0x' + e.offset.toString(16).padStart(8, '0'));
    const mode = item(tree, 'mode');
    expect(mode.textContent).toContain('0x' + (e.offset + 8).toString(16).padStart(8, '0'));
    expect(mode.querySelector('.tree-length')!.textContent).toBe('4');
  });

  it('says what converting to v2 makes of a legacy entry, and nothing for a v2 record', async () => {
    // legacy-pv: a pre-4.6 PV image, whose tail's vCPU context becomes an X86_PV_VCPU_BASIC record.
    const vcpu = await treeOf('vCPU context', 'legacy-pv');
    expect(screen.getByLabelText('In a v2 stream').textContent).toBe('In v2: X86_PV_VCPU_BASIC');
    vcpu.unmount();
    const unmapped = await treeOf('unmapped PFNs', 'legacy-pv');
    expect(screen.getByLabelText('In a v2 stream').textContent).toMatch(/^In v2: dropped: v2 marks unmapped pages with XTAB entries/);
    unmapped.unmount();
    await treeOf('X86_TSC_INFO');
    expect(screen.queryByLabelText('In a v2 stream')).toBeNull();
  });

  it('selects a field on click, with its byte range', async () => {
    const { tree, store, e, record } = await treeOf('X86_TSC_INFO');
    fireEvent.click(item(tree, 'body_length'));
    expect(store.getState().selection).toEqual({ record, fieldPath: [0, 1], offset: e.offset + 4, length: 4 });
    expect(item(tree, 'body_length').getAttribute('aria-selected')).toBe('true');
  });

  it('is keyboard navigable as an ARIA tree: arrows move and open/close, Home/End, roving focus', async () => {
    const { tree, store } = await treeOf('X86_TSC_INFO');
    const first = items(tree)[0]!;
    expect(first.tabIndex).toBe(0);
    expect(items(tree).slice(1).every((i) => i.tabIndex === -1)).toBe(true);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement?.querySelector('.tree-name')!.textContent).toBe('type');
    expect(store.getState().selection?.fieldPath).toEqual([0, 0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement?.querySelector('.tree-name')!.textContent).toBe('record header');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(item(tree, 'record header').getAttribute('aria-expanded')).toBe('false');
    expect(items(tree).some((i) => i.textContent!.startsWith('type'))).toBe(false);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(item(tree, 'record header').getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement?.querySelector('.tree-name')!.textContent).toBe('type');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    const last = items(tree).at(-1)!;
    expect(document.activeElement).toBe(last);
    expect(last.tabIndex).toBe(0);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(items(tree)[0]);
  });

  it('PgDn and PgUp move by a screenful of rows less one, and stop at the ends', async () => {
    // HVM_CONTEXT: a tree of many rows. jsdom lays nothing out: the tree is given 5 rows of 21 px.
    const { tree } = await treeOf('HVM_CONTEXT');
    Object.defineProperty(tree, 'clientHeight', { value: 5 * 21 });
    const rows = items(tree);
    expect(rows.length).toBeGreaterThan(10);
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'PageDown' });
    expect(document.activeElement).toBe(items(tree)[4]);
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    expect(document.activeElement).toBe(items(tree)[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    expect(document.activeElement).toBe(items(tree)[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(document.activeElement).toBe(items(tree).at(-1));
  });

  it('highlights a field\'s bytes while it is hovered', async () => {
    const { tree, store, e } = await treeOf('X86_TSC_INFO');
    fireEvent.mouseEnter(item(tree, 'mode'));
    expect(store.getState().hover).toEqual({ offset: e.offset + 8, length: 4 });
    fireEvent.mouseLeave(tree);
    expect(store.getState().hover).toBeNull();
  });

  it('opens the ancestors of a field selected elsewhere (a byte clicked in the hex view)', async () => {
    const { tree, store, controller, e } = await treeOf('X86_TSC_INFO');
    fireEvent.keyDown(item(tree, 'record header'), { key: 'ArrowLeft' });
    expect(items(tree).some((i) => i.textContent!.startsWith('type'))).toBe(false);
    act(() => controller.selectByte(e.offset + 1));
    await waitFor(() => expect(item(tree, 'type')?.getAttribute('aria-selected')).toBe('true'));
    expect(store.getState().selection?.fieldPath).toEqual([0, 0]);
  });
});
