import { useRef } from 'react';
import { entryName } from '../../decoder/names.ts';
import { useExplorer } from '../ExplorerContext.tsx';
import { kindParts } from './recordKind.ts';

/**
 * How many records of each kind there are, counted incrementally as the scan adds them (a kind
 * never changes once an entry exists), so a million-row scan is not recounted every batch.
 */
function useKindCounts(kinds: Float64Array, total: number, scanId: number): Map<number, number> {
  const state = useRef({ scanId: -1, counted: 0, counts: new Map<number, number>() });
  const s = state.current;
  if (s.scanId !== scanId || total < s.counted) {
    s.scanId = scanId;
    s.counted = 0;
    s.counts = new Map();
  }
  if (s.counted < total) {
    const counts = new Map(s.counts);
    for (let i = s.counted; i < total; i++) counts.set(kinds[i]!, (counts.get(kinds[i]!) ?? 0) + 1);
    s.counts = counts;
    s.counted = total;
  }
  return s.counts;
}

function kindLabel(key: number): string {
  const { layer, flags, type } = kindParts(key);
  return entryName(layer, type, flags);
}

export function TimelineFilter() {
  const kinds = useExplorer((s) => s.kinds);
  const total = useExplorer((s) => s.index.count);
  const scanId = useExplorer((s) => s.scanId);
  const filter = useExplorer((s) => s.recordFilter);
  const setFilter = useExplorer((s) => s.setRecordFilter);
  const counts = useKindCounts(kinds, total, scanId);
  const options = [...counts].map(([key, n]) => ({ key, n, label: kindLabel(key) })).sort((a, b) => a.label.localeCompare(b.label) || a.key - b.key);

  return (
    <div className="filters">
      <label>
        <span className="visually-hidden">Record type</span>
        <select
          aria-label="Record type"
          value={filter.kind === null ? '' : String(filter.kind)}
          onChange={(e) => setFilter({ kind: e.target.value === '' ? null : Number(e.target.value) })}
        >
          <option value="">All types</option>
          {options.map((o) => (
            <option key={o.key} value={String(o.key)}>
              {o.label} ({o.n.toLocaleString('en-US')})
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.problemsOnly} onChange={(e) => setFilter({ problemsOnly: e.target.checked })} />
        With problems
      </label>
    </div>
  );
}
