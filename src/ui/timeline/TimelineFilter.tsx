import { entryName } from '../../decoder/names.ts';
import { kindParts } from '../../decoder/model/kindKey.ts';
import { useExplorer } from '../ExplorerContext.tsx';
import { count } from '../format.ts';

const NO_KINDS: { key: number; count: number }[] = [];

function kindLabel(key: number): string {
  const { layer, flags, type } = kindParts(key);
  return entryName(layer, type, flags);
}

export function TimelineFilter() {
  // How many records of each kind there are: counted by the worker as the scan grows.
  const kinds = useExplorer((s) => s.timelineRows?.kinds ?? NO_KINDS);
  const filter = useExplorer((s) => s.recordFilter);
  const setFilter = useExplorer((s) => s.setRecordFilter);
  const options = kinds.map(({ key, count: n }) => ({ key, n, label: kindLabel(key) })).sort((a, b) => a.label.localeCompare(b.label) || a.key - b.key);

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
              {o.label} ({count(o.n)})
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
