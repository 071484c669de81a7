import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/decoder/model/Diagnostic.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { RecordIndex } from '../../src/decoder/model/RecordIndex.ts';
import { createExplorerStore } from '../../src/ui/state/store.ts';
import { recordSeverities } from '../../src/ui/state/selectors.ts';

const facts = { containers: ['libxc v3'], checkpoints: 0, complete: false, endOffset: 0 };
const counts = { error: 0, warning: 0, info: 0 };
const diag = (record: number, severity: Diagnostic['severity'], offset = 0): Diagnostic => ({ id: 'REC_PADDING_NONZERO', severity, offset, length: 1, record, message: 'm' });

function opened(size = 1 << 20) {
  const store = createExplorerStore();
  store.getState().beginOpen(1, { name: 'f.save', size: 0 });
  store.getState().opened('f.save', size, '0123456789abcdef');
  return store;
}

describe('explorer store', () => {
  it('applies index batches as they stream in, including a re-sent entry that changed', () => {
    const store = opened();
    const src = new RecordIndex();
    src.push({ offset: 0, length: 24, layer: Layer.Libxc, type: 0, depth: 0, flags: 1 });
    src.push({ offset: 24, length: 100, layer: Layer.Libxc, type: 1, depth: 0 });
    store.getState().progressed({ progress: { offset: 50, size: 1 << 20, records: 2, diagnostics: 0 }, batch: src.batch(0), diagnostics: [], diagnosticsStart: 0, facts, counts });
    src.truncate(1, 60);
    src.push({ offset: 84, length: 8, layer: Layer.Libxc, type: 0, depth: 0 });
    store.getState().progressed({ progress: { offset: 90, size: 1 << 20, records: 3, diagnostics: 0 }, batch: src.batch(1), diagnostics: [], diagnosticsStart: 0, facts, counts });
    const s = store.getState();
    expect(s.index.count).toBe(3);
    expect(s.index.length(1)).toBe(60);
    expect(s.indexVersion).toBe(2);
  });

  it('appends diagnostics from where the worker says, and derives each record\'s worst severity once per change', () => {
    const store = opened();
    const src = new RecordIndex();
    for (let i = 0; i < 4; i++) src.push({ offset: i * 8, length: 8, layer: Layer.Libxc, type: 0, depth: 0 });
    const step = (d: Diagnostic[], start: number) => store.getState().progressed({ progress: { offset: 0, size: 1, records: 4, diagnostics: 0 }, batch: null, diagnostics: d, diagnosticsStart: start, facts, counts });
    store.getState().progressed({ progress: { offset: 0, size: 1, records: 4, diagnostics: 0 }, batch: src.batch(0), diagnostics: [diag(1, 'warning')], diagnosticsStart: 0, facts, counts });
    step([diag(1, 'info'), diag(2, 'error'), diag(-1, 'error')], 1);
    step([diag(1, 'error')], 4);
    const s = store.getState();
    const worst = recordSeverities(s.diagnostics);
    expect([0, 1, 2, 3].map((r) => worst.get(r) ?? 0)).toEqual([0, 3, 3, 0]);
    // The same diagnostics give the same column: views re-render only when diagnostics change.
    expect(recordSeverities(store.getState().diagnostics)).toBe(worst);
    expect(s.diagnostics.map((d) => d.record)).toEqual([1, 1, 2, -1, 1]);
  });

  it('drops the field tree when another record is selected, and ignores a tree that comes late', () => {
    const store = opened();
    const s = store.getState();
    s.select({ record: 1, fieldPath: null, offset: 8, length: 8 });
    s.setFields(1, [{ name: 'a', key: 'a', offset: 8, length: 8, raw: 1, display: '1' }]);
    expect(store.getState().fields?.record).toBe(1);
    s.select({ record: 1, fieldPath: [0], offset: 8, length: 8 });
    expect(store.getState().fields?.record).toBe(1);
    s.select({ record: 2, fieldPath: null, offset: 16, length: 8 });
    expect(store.getState().fields).toBeNull();
    s.setFields(1, []);
    expect(store.getState().fields).toBeNull();
  });

  it('keeps the selection and hex position plain data, for permalinks', () => {
    const store = opened();
    store.getState().select({ record: 7, fieldPath: [1, 0, 3], offset: 4096, length: 8 });
    store.getState().setHexTopRow(200);
    const { selection, hexTopRow } = store.getState();
    expect(JSON.parse(JSON.stringify({ selection, hexTopRow }))).toEqual({ selection: { record: 7, fieldPath: [1, 0, 3], offset: 4096, length: 8 }, hexTopRow: 200 });
  });

  it('clamps the hex position to the file and reveals a byte only when it is out of view', () => {
    const store = opened(16 * 1000);
    const s = store.getState();
    s.setHexVisibleRows(10.5);
    s.setHexTopRow(5000);
    expect(store.getState().hexTopRow).toBe(990);
    s.setHexTopRow(-3);
    expect(store.getState().hexTopRow).toBe(0);
    s.revealByte(16 * 9 + 3);
    expect(store.getState().hexTopRow).toBe(0);
    s.revealByte(16 * 500);
    const top = store.getState().hexTopRow;
    expect(500).toBeGreaterThanOrEqual(top);
    expect(500).toBeLessThan(top + 10);
  });

  it('keeps a hex view that shows the end of the file showing it when its height changes, and any other where it is', () => {
    const store = opened(16 * 1000);
    const s = store.getState();
    // Shown with a guess at the view's height (16 rows), then measured: 12 rows.
    s.revealByte(16 * 999 + 5);
    expect(store.getState().hexTopRow).toBe(984);
    s.setHexVisibleRows(12);
    expect(store.getState().hexTopRow).toBe(988);
    s.setHexVisibleRows(30);
    expect(store.getState().hexTopRow).toBe(970);
    s.setHexTopRow(500);
    s.setHexVisibleRows(10);
    expect(store.getState().hexTopRow).toBe(500);
  });

  it('toggles the diagnostic sort direction on the same key and resets it on another', () => {
    const store = opened();
    store.getState().sortDiagnostics('id');
    expect(store.getState().diagnosticSort).toEqual({ key: 'id', descending: false });
    store.getState().sortDiagnostics('id');
    expect(store.getState().diagnosticSort).toEqual({ key: 'id', descending: true });
    store.getState().sortDiagnostics('record');
    expect(store.getState().diagnosticSort).toEqual({ key: 'record', descending: false });
  });

  it('starts afresh on open: no records, selection or diagnostics from the last file', () => {
    const store = opened();
    store.getState().select({ record: 1, fieldPath: null, offset: 0, length: 1 });
    store.getState().setRecordFilter({ problemsOnly: true });
    const before = store.getState().index;
    store.getState().beginOpen(2, { name: 'g.save', size: 0 });
    const s = store.getState();
    expect(s.scanId).toBe(2);
    expect(s.index).not.toBe(before);
    expect(s.selection).toBeNull();
    expect(s.recordFilter.problemsOnly).toBe(false);
    expect(s.status).toBe('opening');
  });
});
