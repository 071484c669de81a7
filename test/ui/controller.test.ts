import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { heldSource } from './support/heldSource.ts';
import { entryName } from '../../src/decoder/names.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { buildSample, SAMPLES, streamSource } from '../../src/generator/index.ts';
import { ExplorerController } from '../../src/ui/scan/ExplorerController.ts';
import { createExplorerStore } from '../../src/ui/state/store.ts';
import { localWorker, workerTurn } from './support/localWorker.ts';

function setup(sourceFor?: Parameters<typeof localWorker>[0]) {
  const store = createExplorerStore();
  const port = localWorker(sourceFor);
  const controller = new ExplorerController(store, port);
  return { store, port, controller };
}

const done = async (store: ReturnType<typeof createExplorerStore>) => waitFor(() => expect(store.getState().status).toBe('done'), { timeout: 10_000 });

describe('ExplorerController with the scan worker in-process', () => {
  it('opens a sample built by the generator, streams its index and selects the first record', async () => {
    const { store, controller } = setup();
    controller.openSample('hvm-v3');
    await done(store);
    const s = store.getState();
    expect(s.file).toMatchObject({ name: 'hvm-v3.save', size: buildSample('hvm-v3').length, sample: 'hvm-v3' });
    expect(s.index.count).toBeGreaterThan(10);
    expect(s.facts?.containers).toEqual(['xl', 'libxl v2', 'libxc v3']);
    expect(s.counts.error).toBe(0);
    expect(s.selection?.record).toBe(0);
    await waitFor(() => expect(store.getState().fields?.record).toBe(0));
  });

  it('selects the record holding a byte gone to before the scan indexed it, once the scan gets there', async () => {
    const { store, controller } = setup();
    const bytes = buildSample('remus');
    controller.openSample('remus');
    // Far into the file, before any record is indexed: bytes outside every record, for now.
    const offset = bytes.length - 100;
    controller.selectByte(offset);
    expect(store.getState().selection).toMatchObject({ record: -1, offset, length: 1 });
    await done(store);
    const { index } = store.getState();
    await waitFor(() => expect(store.getState().selection?.record).toBe(index.entryAt(offset)));
    expect(index.entryAt(offset)).toBeGreaterThan(0);
    expect(store.getState().cursor).toBe(offset);
  });

  it.each(SAMPLES.map((s) => s.name))('scans the %s sample and decodes every one of its records', async (name) => {
    const { store, controller } = setup();
    controller.openSample(name);
    await done(store);
    const { index } = store.getState();
    expect(index.count).toBeGreaterThan(0);
    for (let i = 0; i < index.count; i++) {
      controller.selectRecord(i);
      await waitFor(() => expect(store.getState().fields?.record ?? store.getState().fieldsError).toBe(i));
      expect(store.getState().fields!.tree.length).toBeGreaterThan(0);
    }
  });

  it('opens a dropped File the same way', async () => {
    const { store, controller } = setup();
    const bytes = buildSample('pv64-v2');
    controller.openFile(new File([bytes as Uint8Array<ArrayBuffer>], 'guest.save'));
    await done(store);
    expect(store.getState().file).toMatchObject({ name: 'guest.save', size: bytes.length });
    expect(store.getState().facts?.libxc?.version).toBe(2);
  });

  it('selects the innermost field holding a clicked byte, switching to the record that holds it', async () => {
    const { store, controller } = setup();
    controller.openSample('hvm-v3');
    await done(store);
    const { index } = store.getState();
    let pageData = -1;
    for (let i = 0; i < index.count; i++) if (index.layer(i) === Layer.Libxc && index.type(i) === Rec.PAGE_DATA) pageData = i;
    const e = index.get(pageData);
    // The body_length field of the record header: bytes 4..7.
    controller.selectByte(e.offset + 5);
    await waitFor(() => expect(store.getState().selection?.fieldPath).not.toBeNull());
    const sel = store.getState().selection!;
    expect(sel.record).toBe(pageData);
    expect(sel).toMatchObject({ offset: e.offset + 4, length: 4 });
    expect(store.getState().fields?.record).toBe(pageData);
  });

  it('selects a diagnostic\'s record and bytes and moves the hex view to them', async () => {
    const { store, controller } = setup();
    controller.openSample('broken-hvm');
    await done(store);
    const s = store.getState();
    s.setHexVisibleRows(20);
    const d = s.diagnostics.find((x) => x.record > 0 && x.offset > 2000)!;
    expect(d).toBeDefined();
    controller.selectDiagnostic(d);
    await waitFor(() => expect(store.getState().fields?.record).toBe(d.record));
    const after = store.getState();
    expect(after.selection).toMatchObject({ record: d.record, offset: d.offset, length: d.length });
    const row = Math.floor(d.offset / 16);
    expect(row).toBeGreaterThanOrEqual(after.hexTopRow);
    expect(row).toBeLessThan(after.hexTopRow + 20);
  });

  it('cancels the scan in flight when another file is opened, and ignores what the old one still says', async () => {
    // A big stream held at 60% of the way in until released: its scan is still running when the test acts.
    const { source: big, release } = heldSource(streamSource({ guest: 'hvm', pages: 64 * 1024, batch: 1024, pageContent: 'zero' }, 'big.save'));
    const { store, controller, port } = setup((input) => (input.kind === 'sample' && input.name === 'big' ? big : streamSource(SAMPLES[0]!.spec, 'small.save')));
    controller.openSample('big');
    await waitFor(() => expect(store.getState().index.count).toBeGreaterThan(0));
    controller.openSample('small');
    await workerTurn();
    expect(port.sent.some((m) => (m.type === 'cancel' || m.type === 'close') && m.session === 1)).toBe(true);
    release();
    await done(store);
    const s = store.getState();
    expect(s.file?.name).toBe('small.save');
    expect(port.sent.filter((m) => m.type === 'open').length).toBe(2);
    await waitFor(() => expect(port.received).toContainEqual(expect.objectContaining({ type: 'done', session: 1, cancelled: true })), { timeout: 10_000 });
    // Every entry belongs to the small stream: nothing of the big one leaked in.
    expect(s.index.get(s.index.count - 1).offset + s.index.get(s.index.count - 1).length).toBeLessThanOrEqual(s.file!.size);
    expect(entryName(s.index.layer(0), s.index.type(0), 1)).toBe('xl header');
  });

  it('reads bytes for the hex view through the worker, exactly', async () => {
    const { store, controller } = setup();
    controller.openSample('hvm-v3');
    await done(store);
    const bytes = buildSample('hvm-v3');
    const at = 4096 - 3;
    expect(Array.from(await controller.pages.read(at, 40))).toEqual(Array.from(bytes.subarray(at, at + 40)));
  });
});
