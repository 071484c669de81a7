/**
 * The URL kept in step with the store: what is written when, how history is coalesced, and
 * Back, Forward and edited hashes followed. Store-only tests use fake timers; those that
 * follow links run the scan service in-process.
 */
import { waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Layer } from '../../../src/decoder/model/Layer.ts';
import { RecordIndex } from '../../../src/decoder/model/RecordIndex.ts';
import { COALESCE_MS, WRITE_BURST } from '../../../src/ui/permalink/historySync.ts';
import { explorerParts } from '../support/renderExplorer.tsx';

/** The parts with a sample "open" in the store alone (no scan): 100 records of 64 bytes. */
function openedSample() {
  const parts = explorerParts();
  const s = parts.store.getState();
  s.beginOpen(1, { name: 'hvm-v3.save', size: 0, sample: 'hvm-v3' });
  s.opened('hvm-v3.save', 6400, '0123456789abcdef');
  const index = new RecordIndex();
  for (let i = 0; i < 100; i++) index.push({ offset: i * 64, length: 64, layer: Layer.Libxc, type: 1, depth: 0 });
  s.progressed({ progress: { offset: 6400, size: 6400, records: 100, diagnostics: 0 }, batch: index.batch(0), diagnostics: [], diagnosticsStart: 0, facts: { containers: [], checkpoints: 0, complete: true, endOffset: 6400 }, counts: { error: 0, warning: 0, info: 0 } });
  return parts;
}
const select = (parts: ReturnType<typeof explorerParts>, record: number) => parts.store.getState().select({ record, fieldPath: null, offset: record * 64, length: 64 });
const settle = () => vi.advanceTimersByTime(COALESCE_MS + 1);

afterEach(() => {
  vi.useRealTimers();
});

describe('writing the URL', () => {
  it('writes the first state over the entry the page opened at, then pushes a settled selection', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    expect(parts.history.start()).toBe(false);
    select(parts, 3);
    expect(parts.url.entries).toEqual(['#v=2&sample=hvm-v3&rec=3&top=0x0']);
    settle();
    select(parts, 7);
    expect(parts.url.entries).toEqual(['#v=2&sample=hvm-v3&rec=3&top=0x0', '#v=2&sample=hvm-v3&rec=7&top=0x0']);
    settle();
    // A field goes into the link by its key path, which the record's tree gives.
    const leaf = (key: string, offset: number) => ({ name: key, key, offset, length: 4, raw: 0, display: '0' });
    parts.store.getState().setFields(7, [{ name: 'Header', key: 'header', offset: 7 * 64, length: 12, raw: null, display: '', children: [leaf('type', 448), leaf('length', 452), leaf('flags', 456)] }]);
    parts.store.getState().select({ record: 7, fieldPath: [0, 2], offset: 7 * 64 + 8, length: 4 });
    expect(parts.url.hash).toBe('#v=2&sample=hvm-v3&rec=7&field=header.flags&schema=1&sel=0x1c8+4&top=0x0');
    expect(parts.url.entries).toHaveLength(3);
  });

  it('coalesces rapid selections into one entry that shows the latest at once', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    parts.history.start();
    select(parts, 0);
    settle();
    for (let r = 1; r <= 15; r++) {
      select(parts, r);
      vi.advanceTimersByTime(30);
      expect(parts.url.hash).toBe(`#v=2&sample=hvm-v3&rec=${r}&top=0x0`);
    }
    expect(parts.url.entries).toEqual(['#v=2&sample=hvm-v3&rec=0&top=0x0', '#v=2&sample=hvm-v3&rec=15&top=0x0']);
  });

  it('rations history calls under a flood of changes (browsers refuse more than 100 in 30 s), and still ends on the latest', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    parts.history.start();
    select(parts, 0);
    settle();
    const before = parts.url.writes;
    // Half a minute of holding an arrow key, then of scrolling the hex view.
    for (let i = 1; i <= 1000; i++) {
      select(parts, i % 100);
      vi.advanceTimersByTime(15);
    }
    for (let row = 1; row <= 1000; row++) {
      parts.store.getState().setHexTopRow(row % 300);
      vi.advanceTimersByTime(15);
    }
    settle();
    expect(parts.url.writes - before).toBeLessThanOrEqual(WRITE_BURST + Math.ceil(30_000 / COALESCE_MS) + 1);
    expect(parts.url.entries).toHaveLength(2);
    expect(parts.url.hash).toBe(`#v=2&sample=hvm-v3&rec=0&top=0x${(parts.store.getState().hexTopRow * 16).toString(16)}`);
  });

  it('never pushes for moving the hex view', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    parts.history.start();
    select(parts, 0);
    settle();
    for (let row = 1; row <= 50; row++) {
      parts.store.getState().setHexTopRow(row);
      vi.advanceTimersByTime(COALESCE_MS * 2);
    }
    expect(parts.url.entries).toHaveLength(1);
    expect(parts.url.hash).toBe(`#v=2&sample=hvm-v3&rec=0&top=0x${(parts.store.getState().hexTopRow * 16).toString(16)}`);
  });

  it('makes no entry of a file just opened before its first selection', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    parts.history.start();
    select(parts, 5);
    settle();
    const s = parts.store.getState();
    s.beginOpen(2, { name: 'remus.save', size: 0, sample: 'remus' });
    settle();
    expect(parts.url.hash).toBe('#v=2&sample=remus&top=0x0');
    s.select({ record: 0, fieldPath: null, offset: 0, length: 8 });
    // (No index in this store yet, so the link spells out the record's bytes.)
    expect(parts.url.entries).toEqual(['#v=2&sample=hvm-v3&rec=5&top=0x0', '#v=2&sample=remus&rec=0&sel=0x0+8&top=0x0']);
  });

  it('writes a file\'s link once its fingerprint is known, with its name and size', async () => {
    const parts = explorerParts();
    parts.history.start();
    parts.controller.openFile(new File([new Uint8Array(5000)], 'zeros.bin'));
    await waitFor(() => expect(parts.store.getState().status).toBe('done'));
    expect(parts.url.hash).toMatch(/^#v=2&file=zeros\.bin&size=5000&fp=[0-9a-f]{16}&/);
    expect(parts.url.entries).toHaveLength(1);
  });

  it('gives "Copy link" the address of what is on screen even while a write waits for its turn', () => {
    vi.useFakeTimers();
    const parts = openedSample();
    parts.history.start();
    for (let r = 0; r <= WRITE_BURST + 5; r++) select(parts, r);
    expect(parts.url.hash).not.toContain(`rec=${WRITE_BURST + 5}&`);
    expect(parts.history.href()).toBe(`http://127.0.0.1/explorer/#v=2&sample=hvm-v3&rec=${WRITE_BURST + 5}&top=0x0`);
  });
});

describe('following the URL', () => {
  it('walks back and forward through settled selections', async () => {
    const parts = explorerParts({ coalesceMs: 20 });
    parts.history.start();
    parts.controller.openSample('hvm-v3');
    await waitFor(() => expect(parts.store.getState().status).toBe('done'));
    await waitFor(() => expect(parts.url.hash).toContain('rec=0&'));
    for (const r of [4, 9]) {
      await new Promise((r) => setTimeout(r, 30));
      parts.controller.selectRecord(r);
      await waitFor(() => expect(parts.url.hash).toContain(`rec=${r}&`));
    }
    expect(parts.url.entries).toHaveLength(3);
    parts.url.back();
    await waitFor(() => expect(parts.store.getState().selection?.record).toBe(4));
    await waitFor(() => expect(parts.store.getState().fields?.record).toBe(4));
    parts.url.back();
    await waitFor(() => expect(parts.store.getState().selection?.record).toBe(0));
    parts.url.forward();
    parts.url.forward();
    await waitFor(() => expect(parts.store.getState().selection?.record).toBe(9));
    // Following them wrote nothing new.
    expect(parts.url.entries).toHaveLength(3);
    expect(parts.url.at).toBe(2);
  });

  it('keeps the entry of the link the page opened with, so that Back returns to it', async () => {
    const parts = explorerParts({ hash: '#v=2&sample=hvm-v3&rec=3&top=0x0', coalesceMs: 20 });
    parts.history.start();
    await waitFor(() => expect(parts.store.getState().link).toBeNull());
    await new Promise((r) => setTimeout(r, 30));
    parts.controller.selectRecord(8);
    await waitFor(() => expect(parts.url.hash).toContain('rec=8&'));
    expect(parts.url.entries).toEqual(['#v=2&sample=hvm-v3&rec=3&top=0x0', parts.url.hash]);
    parts.url.back();
    await waitFor(() => expect(parts.store.getState().selection?.record).toBe(3));
  });

  it('follows a hash edited by hand, and replaces its entry with where it landed', async () => {
    const parts = explorerParts();
    parts.history.start();
    parts.controller.openSample('hvm-v3');
    await waitFor(() => expect(parts.store.getState().status).toBe('done'));
    parts.url.visit('#v=2&sample=remus&rec=999999');
    await waitFor(() => expect(parts.store.getState().link).toBeNull());
    await waitFor(() => expect(parts.store.getState().file?.sample).toBe('remus'));
    const last = parts.store.getState().index.count - 1;
    expect(parts.store.getState().selection?.record).toBe(last);
    expect(parts.url.hash).toContain(`&rec=${last}&`);
    expect(parts.url.entries).toHaveLength(2);
  });

  it('goes to the start page for an entry with no hash, and back to the sample from it', async () => {
    const parts = explorerParts({ coalesceMs: 20 });
    parts.history.start();
    parts.controller.openSample('remus');
    await waitFor(() => expect(parts.url.hash).toContain('rec=0&'));
    await new Promise((r) => setTimeout(r, 30));
    parts.controller.close();
    expect(parts.url.hash).toBe('');
    expect(parts.url.entries).toHaveLength(2);
    parts.url.back();
    await waitFor(() => expect(parts.store.getState().file?.sample).toBe('remus'));
    parts.url.forward();
    await waitFor(() => expect(parts.store.getState().file).toBeNull());
  });
});
