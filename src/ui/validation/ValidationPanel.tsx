/**
 * Every diagnostic of the scan: severity, check id, offset, record and message; sortable and
 * filtered by severity. Choosing one selects its record and shows its bytes.
 */
import { useMemo, useState, type ReactElement } from 'react';
import { List, type RowComponentProps } from 'react-window';
import { CHECKS } from '../../decoder/core/checks.ts';
import type { Diagnostic, Severity } from '../../decoder/model/Diagnostic.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count, hexOffset } from '../format.ts';
import type { DiagnosticSortKey } from '../state/store.ts';
import { diagnosticsToShow } from './diagnosticOrder.ts';
import './validation.css';

const ROW_HEIGHT = 24;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const COLUMNS: [DiagnosticSortKey | null, string][] = [
  ['severity', 'Severity'],
  ['id', 'Check'],
  ['offset', 'Offset'],
  ['record', 'Record'],
  [null, 'Message'],
];

interface RowProps {
  items: Diagnostic[];
  chosen: Diagnostic | null;
  onChoose: (d: Diagnostic) => void;
}

function DiagnosticRow({ index, style, items, chosen, onChoose }: RowComponentProps<RowProps>): ReactElement {
  const d = items[index]!;
  return (
    <div role="listitem" style={style} className={`diag-item${d === chosen ? ' chosen' : ''}`}>
      <button type="button" className={`row-button diag-row sev-${d.severity}`} onClick={() => onChoose(d)} title={CHECKS[d.id]?.title}>
        <span className="diag-sev">
          <span className={`sev-dot ${d.severity}`} aria-hidden="true" />
          {d.severity}
        </span>
        <span className="diag-id mono">{d.id}</span>
        <span className="diag-offset mono">{hexOffset(d.offset)}</span>
        <span className="diag-record mono">{d.record >= 0 ? `#${d.record}` : '–'}</span>
        <span className="diag-message" title={d.message}>
          {d.message}
        </span>
      </button>
    </div>
  );
}

export function ValidationPanel() {
  const controller = useController();
  const diagnostics = useExplorer((s) => s.diagnostics);
  const counts = useExplorer((s) => s.counts);
  const show = useExplorer((s) => s.diagnosticFilter);
  const sort = useExplorer((s) => s.diagnosticSort);
  const toggleSeverity = useExplorer((s) => s.toggleSeverity);
  const sortBy = useExplorer((s) => s.sortDiagnostics);
  const status = useExplorer((s) => s.status);
  const [chosen, setChosen] = useState<Diagnostic | null>(null);

  const items = useMemo(() => diagnosticsToShow(diagnostics, show, sort.key, sort.descending), [diagnostics, show, sort]);
  const rowProps = useMemo<RowProps>(
    () => ({
      items,
      chosen,
      onChoose: (d) => {
        setChosen(d);
        controller.selectDiagnostic(d);
      },
    }),
    [items, chosen, controller],
  );

  return (
    <section className="pane validation-pane" role="region" aria-label="Validation">
      <div className="pane-head">
        <h2>Validation</h2>
        <div className="sev-filters" role="group" aria-label="Show severities">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" className={`sev-toggle ${s}`} aria-pressed={show[s]} onClick={() => toggleSeverity(s)}>
              <span className={`sev-dot ${s}`} aria-hidden="true" />
              {SEVERITY_LABEL[s]} <span className="mono">{count(counts[s])}</span>
            </button>
          ))}
        </div>
        <span className="pane-count">
          {status === 'done' && diagnostics.length === 0 ? 'No problems found' : `${count(items.length)} shown`}
        </span>
      </div>
      <div className="diag-head" role="presentation">
        {COLUMNS.map(([key, label]) =>
          key ? (
            <button
              key={label}
              type="button"
              className={`diag-col-${key}${sort.key === key ? ' sorted' : ''}`}
              aria-label={`Sort by ${label.toLowerCase()}`}
              aria-pressed={sort.key === key}
              onClick={() => sortBy(key)}
            >
              {label}
              {sort.key === key ? <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span> : null}
            </button>
          ) : (
            <span key={label} className="diag-col-message">
              {label}
            </span>
          ),
        )}
      </div>
      <List<RowProps> aria-label="Diagnostics" className="diag-list" rowComponent={DiagnosticRow} rowCount={items.length} rowHeight={ROW_HEIGHT} rowProps={rowProps} defaultHeight={160} overscanCount={6} />
    </section>
  );
}
