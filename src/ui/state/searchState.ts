/**
 * What the Search panel holds: the query as typed (kept while other panels show), and the last
 * search's progress, answer and the match gone to (kept until the next file).
 */
import type { SearchQuery } from '../../decoder/search/pattern.ts';
import type { AnalysisProgress, AnalysisReply } from '../../worker/protocol.ts';

export type SearchReply = AnalysisReply<'search'>;
export type SearchMatch = SearchReply['matches'][number];

export interface SearchForm {
  query: SearchQuery;
  /** The whole file, the selected record, or the guest PFNs typed in `pfns`. */
  scope: 'file' | 'record' | 'pfns';
  pfns: string;
}

export interface SearchResults {
  /** Set while the search runs; null once it has answered. */
  progress: AnalysisProgress | null;
  reply: SearchReply | null;
  error: string | null;
  /** The match last gone to, or -1. */
  current: number;
}

export const initialSearchForm = (): SearchForm => ({ query: { kind: 'ascii', text: '', width: 4, littleEndian: true }, scope: 'file', pfns: '' });
