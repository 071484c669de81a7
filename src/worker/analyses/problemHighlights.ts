/** The bytes each diagnostic is about, as highlights in its severity's style. */
import type { Severity } from '../../decoder/model/Diagnostic.ts';
import type { Highlight } from '../../decoder/model/Highlight.ts';
import type { Analysis } from './Analysis.ts';

export const problemHighlights: Analysis<{ severities: Severity[] }, Highlight[]> = {
  sessions: 1,
  run([s], { severities }) {
    const wanted = new Set(severities);
    return s!.diagnostics.filter((d) => wanted.has(d.severity) && d.length > 0).map((d) => ({ offset: d.offset, length: d.length, style: d.severity }));
  },
};
