/**
 * The Search panel's scope as the worker's search takes it: the whole file, the selected
 * record, or a guest PFN range typed as one PFN or first-last (hex with 0x, or decimal).
 */
import type { AnalysisArgs } from '../../worker/protocol.ts';
import { parseOffset } from '../hex/parseOffset.ts';
import type { SearchForm } from '../state/searchState.ts';

export type SearchScope = AnalysisArgs<'search'>['scope'];

export function parsePfnRange(text: string): { first: number; last: number } | null {
  const parts = text.split(/\s*(?:-|\.\.|–)\s*/);
  if (parts.length > 2) return null;
  const first = parseOffset(parts[0]!);
  const last = parts.length === 2 ? parseOffset(parts[1]!) : first;
  return first === null || last === null || last < first ? null : { first, last };
}

/** The scope to search, or what is missing for it. */
export function searchScope(form: SearchForm, selectedRecord: number): SearchScope | { error: string } {
  switch (form.scope) {
    case 'file':
      return { kind: 'file' };
    case 'record':
      return selectedRecord >= 0 ? { kind: 'record', record: selectedRecord } : { error: 'Select a record to search its bytes.' };
    case 'pfns': {
      const range = parsePfnRange(form.pfns);
      return range ? { kind: 'pfns', ...range } : { error: 'Type a guest PFN or a range of them, e.g. 0x100-0x1ff.' };
    }
  }
}
