/**
 * Search: a pattern (hex with ?? wildcards, text, an integer) over the whole file, the selected
 * record's bytes, or the last copies of a range of guest PFNs. Each match comes with the index
 * entry holding it and, inside a page, the PFN and guest-physical address. Reads in large
 * windows (searchSource), reports bytes searched, and stops with what it found on Cancel.
 */
import type { ByteSource } from '../../decoder/bytes/ByteSource.ts';
import { PAGE_SIZE } from '../../decoder/core/sizes.ts';
import type { GuestMemory } from '../../decoder/memory/GuestMemory.ts';
import { NO_COPY } from '../../decoder/core/pageSink.ts';
import { readPageEntries } from '../../decoder/memory/pageCopies.ts';
import type { RecordIndex } from '../../decoder/model/RecordIndex.ts';
import type { StreamFacts } from '../../decoder/core/facts.ts';
import { parseQuery, type BytePattern, type SearchQuery } from '../../decoder/search/pattern.ts';
import { findInBuffer, MAX_MATCHES, searchSource, type SearchOutcome } from '../../decoder/search/searchSource.ts';
import type { Analysis, AnalysisJob } from './Analysis.ts';

/** Where to look: the whole file, one index entry's bytes, or guest PFNs first..last. */
export type SearchScope = { kind: 'file' } | { kind: 'record'; record: number } | { kind: 'pfns'; first: number; last: number };

export interface SearchArgs {
  query: SearchQuery;
  scope: SearchScope;
  /** Bytes per read and matches kept (tests make them small). */
  window?: number;
  maxMatches?: number;
}

export interface SearchMatch {
  offset: number;
  /** Index entry holding the match's first byte, or -1. */
  record: number;
  /** The guest page the match starts in, when it lies in page data; else null. */
  pfn: number | null;
  /** Guest-physical address of the match, with `pfn`. */
  address: number | null;
  /**
   * A guest-memory match running from one page into the next whose last copy lies elsewhere in
   * the file: its bytes from `at` on, `length` of them (the first reply.length − length are at `offset`).
   */
  rest?: { at: number; length: number };
}

export interface SearchReply {
  matches: SearchMatch[];
  /** Bytes a match spans. */
  length: number;
  end: SearchOutcome['end'];
  searched: number;
  total: number;
}

/** A stretch of the file searched as one: `pfn` is the guest page at `start` when it is page data. */
interface Stretch {
  start: number;
  end: number;
  pfn: number | null;
}

/** The last copies of PFNs first..last, as runs of pages that lie back to back in the file. */
function pageRuns(memory: GuestMemory, first: number, last: number): Stretch[] {
  const runs: Stretch[] = [];
  for (let pfn = Math.max(0, first); pfn <= Math.min(last, memory.maxPfn); pfn++) {
    const at = memory.offsetOf(pfn);
    if (at === NO_COPY) continue;
    const run = runs[runs.length - 1];
    // The next PFN's copy right after this one: a match may run on across the page boundary.
    if (run && run.end === at && run.pfn !== null && run.pfn + (run.end - run.start) / PAGE_SIZE === pfn) run.end += PAGE_SIZE;
    else runs.push({ start: at, end: at + PAGE_SIZE, pfn });
  }
  return runs;
}

/**
 * Matches that start in `part` and run on into `next` when the two hold consecutive guest pages
 * kept apart in the file (a page resent later): the guest sees them back to back, so a search of
 * its memory must too. Found in the last bytes of one joined to the first of the other.
 */
async function acrossSeam(source: ByteSource, pattern: BytePattern, part: Stretch, next: Stretch, max: number): Promise<number[]> {
  const overlap = pattern.bytes.length - 1;
  if (overlap === 0 || part.pfn === null || next.pfn !== part.pfn + (part.end - part.start) / PAGE_SIZE) return [];
  const tail = await source.read(part.end - overlap, overlap);
  const head = await source.read(next.start, overlap);
  const joined = new Uint8Array(tail.length + head.length);
  joined.set(tail);
  joined.set(head, tail.length);
  const found: number[] = [];
  findInBuffer(joined, pattern, 0, tail.length, part.end - tail.length, found, max);
  return found;
}

function stretches(s: { source: ByteSource; index: RecordIndex; memory: GuestMemory | null }, scope: SearchScope): Stretch[] {
  switch (scope.kind) {
    case 'file':
      return [{ start: 0, end: s.source.size, pfn: null }];
    case 'record': {
      if (scope.record < 0 || scope.record >= s.index.count) throw new Error(`no record #${scope.record}`);
      const e = s.index.get(scope.record);
      return [{ start: e.offset, end: e.offset + e.length, pfn: null }];
    }
    case 'pfns':
      if (!s.memory) throw new Error('this file has no guest memory to search');
      if (!(scope.first <= scope.last)) throw new Error('the first PFN comes after the last');
      return pageRuns(s.memory, scope.first, scope.last);
  }
}

/**
 * The PFN of the page holding each match found in page records (a whole-file or record search),
 * reading each page record's PFN array once (also after Cancel: the matches kept are labelled).
 */
async function pagesOf(matches: SearchMatch[], source: ByteSource, index: RecordIndex, facts: StreamFacts | null): Promise<void> {
  if (!facts) return;
  let record = -1;
  let pages: { pfn: number; offset: number }[] = [];
  for (const m of matches) {
    if (m.record < 0) continue;
    if (m.record !== record) {
      record = m.record;
      pages = [];
      await readPageEntries(source, index, facts, record, (pfn, _type, offset) => {
        if (offset !== null && offset !== NO_COPY) pages.push({ pfn, offset });
      });
    }
    // Pages lie in entry order at ascending offsets: the last starting at or before the match.
    let lo = 0;
    let hi = pages.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pages[mid]!.offset <= m.offset) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const page = pages[at];
    if (page && m.offset < page.offset + PAGE_SIZE) {
      m.pfn = page.pfn;
      m.address = page.pfn * PAGE_SIZE + (m.offset - page.offset);
    }
  }
}

async function run(s: { source: ByteSource; index: RecordIndex; memory: GuestMemory | null; facts: StreamFacts | null }, args: SearchArgs, pattern: BytePattern, job: AnalysisJob): Promise<SearchReply> {
  const parts = stretches(s, args.scope);
  const total = parts.reduce((n, p) => n + Math.max(0, Math.min(p.end, s.source.size) - p.start), 0);
  const max = args.maxMatches ?? MAX_MATCHES;
  const matches: SearchMatch[] = [];
  let searched = 0;
  let end: SearchOutcome['end'] = 'complete';
  for (const [k, part] of parts.entries()) {
    const before = searched;
    const found = await searchSource(s.source, pattern, part.start, part.end, {
      window: args.window,
      maxMatches: max - matches.length,
      signal: job.signal,
      onProgress: (p) => job.progress({ done: before + p.searched, total }),
    });
    searched += found.searched;
    const next = parts[k + 1];
    if (found.end === 'complete' && next && matches.length + found.matches.length < max) found.matches.push(...(await acrossSeam(s.source, pattern, part, next, max - matches.length - found.matches.length)));
    for (const offset of found.matches) {
      const inPage = part.pfn === null ? null : part.pfn + Math.floor((offset - part.start) / PAGE_SIZE);
      const m: SearchMatch = { offset, record: s.index.entryAt(offset), pfn: inPage, address: inPage === null ? null : inPage * PAGE_SIZE + ((offset - part.start) % PAGE_SIZE) };
      const over = offset + pattern.bytes.length - part.end;
      if (over > 0 && next) m.rest = { at: next.start, length: over };
      matches.push(m);
    }
    if (found.end !== 'complete') {
      end = found.end;
      break;
    }
  }
  if (args.scope.kind !== 'pfns') await pagesOf(matches, s.source, s.index, s.facts);
  job.progress({ done: searched, total });
  return { matches, length: pattern.bytes.length, end, searched, total };
}

export const search: Analysis<SearchArgs, SearchReply> = {
  sessions: 1,
  async run([s], args, job) {
    const parsed = parseQuery(args.query);
    if ('error' in parsed) throw new Error(parsed.error);
    return run(s!, args, parsed.pattern, job);
  },
};
