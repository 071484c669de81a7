import type { Diagnostic, Severity } from '../../decoder/model/Diagnostic.ts';
import type { DiagnosticSortKey } from '../state/store.ts';
import { SEVERITY_RANK } from '../state/severity.ts';

const compare: Record<DiagnosticSortKey, (a: Diagnostic, b: Diagnostic) => number> = {
  offset: (a, b) => a.offset - b.offset,
  // Worst first when ascending: that is what people sort by severity for.
  severity: (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  id: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  record: (a, b) => a.record - b.record,
};

/** The diagnostics to list: those of the shown severities, sorted, ties in file order. */
export function diagnosticsToShow(all: readonly Diagnostic[], show: Record<Severity, boolean>, key: DiagnosticSortKey, descending: boolean): Diagnostic[] {
  const sign = descending ? -1 : 1;
  return all
    .filter((d) => show[d.severity])
    .map((d, i) => ({ d, i }))
    .sort((x, y) => sign * compare[key](x.d, y.d) || x.d.offset - y.d.offset || x.i - y.i)
    .map((x) => x.d);
}
