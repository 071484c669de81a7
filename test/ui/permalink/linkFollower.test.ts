/**
 * Following permalinks with the real scan service in-process: samples without a file, files
 * asked for and checked, bad and old links landing on the nearest sensible view.
 */
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { heldSource } from '../support/heldSource.ts';
import { workerTurn } from '../support/localWorker.ts';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { FIELD_KEY_SCHEMA, fieldAt, fieldKeyPath } from '../../../src/decoder/model/Field.ts';
import { entryName } from '../../../src/decoder/names.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { buildSample, streamSource } from '../../../src/generator/index.ts';
import { writeHash, type LinkState } from '../../../src/ui/permalink/hash.ts';
import type { ExplorerStore } from '../../../src/ui/state/store.ts';
import { fingerprint } from '../../../src/worker/fingerprint.ts';
import { sourceFor } from '../../../src/worker/sources.ts';
import { explorerParts } from '../support/renderExplorer.tsx';

const fileOf = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);

/** Waits until the link has landed (or been given up), and returns what the page then shows. */
async function landed(store: ExplorerStore) {
  await waitFor(() => expect(store.getState().link).toBeNull(), { timeout: 10_000 });
  return store.getState();
}

/** A field deep in a record of `sample`: its record, path and bytes, as the decoder has them. */
async function deepField(sample: string, recordName: (layerType: string) => boolean) {
  const bytes = buildSample(sample);
  const scan = await scanStream(new MemorySource(bytes));
  for (let i = 0; i < scan.index.count; i++) {
    const e = scan.index.get(i);
    if (!recordName(entryName(e.layer, e.type, e.flags))) continue;
    const tree = await decodeEntry(new MemorySource(bytes), e, scan.facts);
    const hit = fieldAt(tree, e.offset + e.length - 2)!;
    // Links name the field by its key path.
    const ref = { keys: fieldKeyPath(tree, hit.path)!, schema: FIELD_KEY_SCHEMA };
    return { bytes, scan, record: i, path: hit.path, field: hit.field, ref };
  }
  throw new Error('no such record');
}

describe('following a link to a built-in sample', () => {
  it('regenerates the sample and lands on the record, field, bytes and hex position, with no file', async () => {
    const f = await deepField('broken-hvm', (n) => n === 'HVM_CONTEXT');
    expect(f.path.length).toBeGreaterThan(1);
    const link: LinkState = { target: { kind: 'sample', name: 'broken-hvm' }, spot: { record: f.record, field: f.ref, bytes: { offset: f.field.offset, length: f.field.length } }, top: 0x200 };
    const { store, history } = explorerParts({ hash: writeHash(link) });
    expect(history.start()).toBe(true);
    const s = await landed(store);
    expect(s.file?.sample).toBe('broken-hvm');
    expect(s.selection).toEqual({ record: f.record, fieldPath: f.path, offset: f.field.offset, length: f.field.length });
    expect(s.fields?.record).toBe(f.record);
    expect(s.hexTopRow).toBe(0x20);
    expect(s.linkProblems).toEqual([]);
  });

  it('decodes a legacy sample as the link says, not as the scan would guess', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&sample=legacy-pv&legacy-guest=hvm&rec=1' });
    history.start();
    const s = await landed(store);
    expect(s.file?.legacy).toEqual({ guest: 'hvm' });
    await waitFor(() => expect(store.getState().facts?.legacy).toMatchObject({ guest: 'hvm', guestFrom: 'option' }));
    expect(s.selection?.record).toBe(1);
  });

  it('goes to the start page, saying so, for a sample there is not', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&sample=arm-v9&rec=3' });
    history.start();
    const s = await landed(store);
    expect(s.file).toBeNull();
    expect(s.linkProblems).toEqual([expect.stringContaining('no built-in sample called “arm-v9”')]);
  });
});

describe('following a link to a file', () => {
  async function fileLink(sample: string, name: string, spot: LinkState['spot'], top: number | null = null): Promise<{ bytes: Uint8Array; hash: string }> {
    const bytes = buildSample(sample);
    const fp = await fingerprint(new MemorySource(bytes));
    return { bytes, hash: writeHash({ target: { kind: 'file', name, size: bytes.length, fingerprint: fp }, spot, top }) };
  }

  it('asks for the file, and goes straight to the spot when the same file is given (under any name)', async () => {
    const f = await deepField('pv64-v2', (n) => n === 'X86_PV_VCPU_BASIC');
    const { hash } = await fileLink('pv64-v2', 'guest-41.save', { record: f.record, field: f.ref, bytes: { offset: f.field.offset, length: f.field.length } }, 0x100);
    const { store, history, controller } = explorerParts({ hash });
    history.start();
    expect(store.getState().link?.stage).toBe('needs-file');
    expect(store.getState().file).toBeNull();
    controller.openFile(fileOf(f.bytes, 'copy-of-guest.save'));
    const s = await landed(store);
    expect(s.file).toMatchObject({ name: 'copy-of-guest.save', size: f.bytes.length });
    expect(s.selection).toEqual({ record: f.record, fieldPath: f.path, offset: f.field.offset, length: f.field.length });
    expect(s.hexTopRow).toBe(0x10);
    expect(s.linkProblems).toEqual([]);
  });

  it('says plainly when another file is given, and goes on anyway when asked', async () => {
    const { hash } = await fileLink('hvm-v3', 'guest-41.save', { record: 12, field: { indexes: [0, 1] }, bytes: null });
    const { store, history, controller, links } = explorerParts({ hash });
    history.start();
    controller.openFile(fileOf(buildSample('remus'), 'other.save'));
    await waitFor(() => expect(store.getState().link?.stage).toBe('mismatch'));
    // Meanwhile the other file is explored as usual.
    await waitFor(() => expect(store.getState().selection?.record).toBe(0));
    await waitFor(() => expect(store.getState().status).toBe('done'));
    links.goOnAnyway();
    const s = await landed(store);
    expect(s.file?.name).toBe('other.save');
    expect(s.selection?.record).toBe(12);
  });

  it('checks a file given while another is being explored after a mismatch ("choose another file")', async () => {
    const { bytes, hash } = await fileLink('hvm-v3', 'guest-41.save', { record: 7, field: null, bytes: null });
    const { store, history, controller } = explorerParts({ hash });
    history.start();
    controller.openFile(fileOf(buildSample('remus'), 'wrong.save'));
    await waitFor(() => expect(store.getState().link?.stage).toBe('mismatch'));
    controller.openFile(fileOf(bytes, 'right.save'));
    const s = await landed(store);
    expect(s.file?.name).toBe('right.save');
    expect(s.selection?.record).toBe(7);
    expect(s.linkProblems).toEqual([]);
  });

  it('drops the link when the user opens a sample instead', async () => {
    const { hash } = await fileLink('hvm-v3', 'guest-41.save', { record: 7, field: null, bytes: null });
    const { store, history, controller } = explorerParts({ hash });
    history.start();
    controller.openSample('remus');
    await waitFor(() => expect(store.getState().status).toBe('done'));
    expect(store.getState().link).toBeNull();
    expect(store.getState().selection?.record).toBe(0);
  });

  it('lets the user\'s own choice win over a link still waiting for a slow scan to reach its spot', async () => {
    // A big stream held at 60% of the way in until released: its scan is still running when the test acts.
    const { source: slow, release } = heldSource(streamSource({ guest: 'hvm', pages: 16 * 1024, batch: 64, pageContent: 'zero' }, 'big.save'));
    const { store, history, controller } = explorerParts({ sourceFor: (input) => (input.kind === 'sample' && input.name === 'hvm-v3' ? slow : sourceFor(input)), hash: '#v=1&sample=hvm-v3&rec=250' });
    history.start();
    await waitFor(() => expect(store.getState().index.count).toBeGreaterThan(3));
    expect(store.getState().link?.stage).toBe('waiting');
    expect(store.getState().selection).toBeNull();
    controller.selectRecord(2);
    expect(store.getState().link).toBeNull();
    controller.cancel();
    await workerTurn();
    release();
    await waitFor(() => expect(store.getState().status).toBe('cancelled'));
    expect(store.getState().selection?.record).toBe(2);
  });
});

describe('bad links land on the nearest sensible view and say why', () => {
  it('shows the last record for a record number beyond the index, with the hex view on it', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&sample=hvm-v3&rec=5000&top=0x0' });
    history.start();
    const s = await landed(store);
    const last = s.index.count - 1;
    expect(s.selection?.record).toBe(last);
    expect(s.linkProblems).toEqual([`The link points at record 5000, but this file has ${s.index.count} records; the last one is shown.`]);
    const row = Math.floor(s.index.offset(last) / 16);
    expect(row).toBeGreaterThanOrEqual(s.hexTopRow);
    expect(row).toBeLessThan(s.hexTopRow + s.hexVisibleRows);
  });

  it('selects the whole record when the link\'s field is not in it', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&sample=hvm-v3&rec=3&field=0.40.2&sel=0x10+4' });
    history.start();
    const s = await landed(store);
    const e = s.index.get(3);
    expect(s.selection).toEqual({ record: 3, fieldPath: null, offset: e.offset, length: e.length });
    expect(s.linkProblems).toEqual([expect.stringContaining('Record 3 has no field 0.40.2')]);
  });

  it('selects a field given by record and path alone, with the field\'s own bytes', async () => {
    const f = await deepField('hvm-v3', (n) => n === 'X86_TSC_INFO');
    const { store, history } = explorerParts({ hash: `#v=1&sample=hvm-v3&rec=${f.record}&field=${f.path.join('.')}` });
    history.start();
    const s = await landed(store);
    expect(s.selection).toEqual({ record: f.record, fieldPath: f.path, offset: f.field.offset, length: f.field.length });
  });

  it('shows the last byte for an offset past the end of the file', async () => {
    const size = buildSample('truncated').length;
    const { store, history } = explorerParts({ hash: `#v=1&sample=truncated&sel=0x${(size + 100).toString(16)}+4` });
    history.start();
    const s = await landed(store);
    expect(s.selection).toMatchObject({ offset: size - 1, length: 1 });
    expect(s.selection!.record).toBe(s.index.entryAt(size - 1));
    expect(s.linkProblems).toEqual([expect.stringContaining('past the end of this file')]);
  });

  it('selects what holds the bytes of a link without a record', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&sample=hvm-v3&sel=0x1000+4' });
    history.start();
    const s = await landed(store);
    expect(s.selection).toEqual({ record: s.index.entryAt(0x1000), fieldPath: null, offset: 0x1000, length: 4 });
    expect(s.linkProblems).toEqual([]);
  });

  it('opens a link from a newer explorer as far as it understands it, saying so', async () => {
    const { store, history } = explorerParts({ hash: '#v=9&sample=remus&rec=4&zoom=3' });
    history.start();
    const s = await landed(store);
    expect(s.selection?.record).toBe(4);
    expect(s.linkProblems).toEqual([expect.stringContaining('newer version of the explorer')]);
  });

  it('goes to the start page, saying so, for a link that names nothing to open', async () => {
    const { store, history } = explorerParts({ hash: '#v=1&rec=4' });
    expect(history.start()).toBe(true);
    const s = await landed(store);
    expect(s.file).toBeNull();
    expect(s.linkProblems).toEqual(['The link names no file and no sample, so there is nothing to open.']);
  });
});

describe('links to files opened before in the page', () => {
  it('reopens a file opened earlier without asking, when a link (Back) goes to it again', async () => {
    const { store, controller, links } = explorerParts();
    const bytes = buildSample('pv64-v2');
    controller.openFile(fileOf(bytes, 'first.save'));
    await waitFor(() => expect(store.getState().status).toBe('done'));
    const fp = store.getState().file!.fingerprint!;
    expect(fp).toBe(await fingerprint(new MemorySource(bytes)));
    controller.openSample('remus');
    await waitFor(() => expect(store.getState().status).toBe('done'));
    links.follow({ link: { target: { kind: 'file', name: 'first.save', size: bytes.length, fingerprint: fp }, spot: { record: 9, field: null, bytes: null }, top: null }, problems: [] });
    expect(store.getState().link?.stage).not.toBe('needs-file');
    const s = await landed(store);
    expect(s.file?.name).toBe('first.save');
    expect(s.selection?.record).toBe(9);
  });
});
