/**
 * The explorer's state. Data flows one way: the worker's messages become actions here, views
 * read from here. Selection and hex position are plain numbers and arrays, so that a permalink
 * can carry them.
 */
import { createStore } from 'zustand/vanilla';
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import type { Diagnostic, Severity } from '../../decoder/model/Diagnostic.ts';
import type { GuestAddress } from '../../decoder/memory/guestAddress.ts';
import type { Field, FieldPath } from '../../decoder/model/Field.ts';
import type { Highlight } from '../../decoder/model/Highlight.ts';
import { ReceivedIndex } from '../../decoder/model/ReceivedIndex.ts';
import type { FormatKind } from '../../decoder/core/FormatKind.ts';
import type { StreamFacts } from '../../decoder/core/facts.ts';
import type { AnalysisArgs, AnalysisProgress, AnalysisReply, Counts, ProgressUpdate, ScanProgress } from '../../worker/protocol.ts';
import { BYTES_PER_ROW, clampTopRow, lastTopRow, rowCount, topRowToShow } from '../scroll/hexScroll.ts';
import type { LinkFile, LinkState } from '../permalink/hash.ts';
import type { ByteRange } from './ByteRange.ts';
import type { DockTab } from './dockTab.ts';
import { initialSearchForm, type SearchForm, type SearchResults } from './searchState.ts';
import { scrollMapping } from '../scroll/scrollMapping.ts';

export interface OpenFile {
  name: string;
  size: number;
  /** The built-in sample's name, when it is one. */
  sample?: string;
  /** What permalinks carry to recognise the file (see worker/fingerprint.ts), once opened. */
  fingerprint?: string;
  /** A legacy stream's toolstack width and guest type as the user set them (else inferred). */
  legacy?: LegacyOverride;
}

export type ScanStatus = 'idle' | 'opening' | 'scanning' | 'done' | 'cancelled' | 'failed';

/** What is selected: a record, maybe one of its fields, and the bytes to highlight. */
export interface Selection {
  /** Index entry number, or -1 for bytes outside every record. */
  record: number;
  fieldPath: FieldPath | null;
  offset: number;
  length: number;
}


/**
 * A permalink being followed (permalink/LinkFollower.ts): `needs-file`, no file is open and the
 * page asks for the link's file; `checking`, a file was given and its fingerprint is awaited;
 * `mismatch`, it is not the link's file and the page says so; `waiting`, the file (or sample)
 * is open and the scan has not yet reached the link's spot.
 */
export interface FollowedLink {
  link: LinkState;
  stage: 'needs-file' | 'checking' | 'mismatch' | 'waiting';
  /** The scan the link is followed in (-1 while it needs a file). */
  scan: number;
}

/** What the Memory tab shows: the guest address asked for and, once the worker has read it, its page. */
export interface GuestView {
  target: GuestAddress;
  /** The page holding `target`, read from its last copy; null while it is read. */
  page: AnalysisReply<'guestMemory'> | null;
  /** File offset of the copy of the page shown in the hex view (the last unless another was picked). */
  shownCopy: number | null;
}

/** A second file compared with the open one (the Compare tab). */
export interface CompareState {
  /** `fingerprint` once its scan has opened it (what a link carries to recognise it). */
  file: { name: string; size: number; fingerprint?: string };
  /** Its scan runs, then the comparison; `cancelled` and `failed` say why there is no (full) result. */
  status: 'scanning' | 'comparing' | 'done' | 'cancelled' | 'failed';
  progress: AnalysisProgress | null;
  result: AnalysisReply<'diff'> | null;
  error: string | null;
  /** The changed page shown with both copies, when one was picked. */
  page: AnalysisReply<'comparePage'> | null;
  /** Checkpoint of A and of B compared (from 1), or null for the whole stream. */
  checkpoints: [number | null, number | null];
  /** Complete checkpoints in B (0: not a checkpointed stream), once its scan is done. */
  checkpointsB: number;
}

export type DiagnosticSortKey = 'offset' | 'severity' | 'id' | 'record';

export type RecordFilter = AnalysisArgs<'timelineRows'>;
/** The worker's answer for one filter. */
export type TimelineRows = AnalysisReply<'timelineRows'> & { filter: RecordFilter };

export interface ExplorerState {
  /** The worker session of the open file (see worker/protocol.ts); increases with every open. */
  scanId: number;
  file: OpenFile | null;
  status: ScanStatus;
  progress: ScanProgress | null;
  error: string | null;
  format: FormatKind | null;
  facts: StreamFacts | null;
  counts: Counts;
  /** The record index as it grows; `indexVersion` changes whenever it does. */
  index: ReceivedIndex;
  indexVersion: number;
  diagnostics: Diagnostic[];
  /** The timeline's rows and kind counts for `recordFilter`, as the worker last worked them out. */
  timelineRows: TimelineRows | null;
  /** The bytes of the records the timeline shows, from its first row on screen to its last (the file map draws them). */
  timelineBytes: ByteRange | null;
  /** Bytes analyses asked to be seen, by analysis (the hex view and the timeline draw them). */
  highlights: Record<string, readonly Highlight[]>;

  selection: Selection | null;
  /** The decoded field tree of the selected record. */
  fields: { record: number; tree: Field[] } | null;
  fieldsError: string | null;
  hover: ByteRange | null;
  /** The one byte last clicked or gone to, marked inside a (perhaps large) selection. */
  cursor: number | null;

  recordFilter: RecordFilter;
  diagnosticFilter: Record<Severity, boolean>;
  diagnosticSort: { key: DiagnosticSortKey; descending: boolean };

  /** Hex view position (whole rows) and how many rows it shows. */
  hexTopRow: number;
  hexVisibleRows: number;

  link: FollowedLink | null;
  /** What the last link followed could not do as it said, one sentence each. */
  linkProblems: string[];

  /** The docked panel shown below the fields and bytes. */
  dockTab: DockTab;
  /** The guest page the Memory tab shows (and the hex view labels with its guest addresses). */
  guest: GuestView | null;

  /** The Search panel's query, and the last search of the open file (null: none yet). */
  searchForm: SearchForm;
  search: SearchResults | null;
  /** The search box is to take the keyboard focus (Ctrl+F) when next shown. */
  searchFocus: boolean;

  /** The file compared with the open one, or null. */
  compare: CompareState | null;
  /** The file a followed link compares the open one with, until it is given (or the notice dismissed). */
  wantedCompare: LinkFile | null;
}

export interface ExplorerActions {
  beginOpen(scanId: number, file: OpenFile): void;
  /** No file open: the start page. */
  reset(): void;
  opened(name: string, size: number, fingerprint: string): void;
  progressed(m: ProgressUpdate): void;
  finished(m: { format: FormatKind; counts: Counts; cancelled: boolean }): void;
  failed(message: string): void;

  select(selection: Selection | null): void;
  setFields(record: number, tree: Field[]): void;
  setFieldsError(record: number, message: string): void;
  setHover(range: ByteRange | null): void;
  setCursor(offset: number | null): void;

  setRecordFilter(filter: Partial<RecordFilter>): void;
  setTimelineRows(rows: TimelineRows): void;
  setTimelineBytes(range: ByteRange | null): void;
  setHighlights(analysis: string, highlights: readonly Highlight[]): void;
  toggleSeverity(severity: Severity): void;
  sortDiagnostics(key: DiagnosticSortKey): void;

  setHexTopRow(row: number): void;
  setHexVisibleRows(rows: number): void;
  /** Scrolls the hex view just enough to show `offset` (a third down when it moves). */
  revealByte(offset: number): void;

  setLink(link: FollowedLink | null): void;
  setLinkProblems(problems: string[]): void;

  setDockTab(tab: DockTab): void;
  setGuest(guest: GuestView | null): void;

  setSearchForm(form: Partial<SearchForm>): void;
  setSearch(search: SearchResults | null): void;
  /** Shows the Search panel with its query box focused. */
  focusSearch(): void;
  /** The search box took the focus asked for. */
  searchFocused(): void;

  /** Starts (a whole state), updates (a part) or ends (null) the comparison. */
  setCompare(compare: CompareState | Partial<CompareState> | null): void;
  setWantedCompare(file: LinkFile | null): void;
}

export type Explorer = ExplorerState & ExplorerActions;

/** What belongs to one open file, and starts afresh with the next. */
const sameCounts = (a: Counts, b: Counts) => a.error === b.error && a.warning === b.warning && a.info === b.info;

const fileState = (): Omit<ExplorerState, 'scanId' | 'diagnosticFilter' | 'diagnosticSort' | 'hexVisibleRows' | 'link' | 'linkProblems' | 'dockTab' | 'searchForm' | 'searchFocus' | 'wantedCompare'> => ({
  file: null,
  status: 'idle',
  progress: null,
  error: null,
  format: null,
  facts: null,
  counts: { error: 0, warning: 0, info: 0 },
  index: new ReceivedIndex(),
  indexVersion: 0,
  diagnostics: [],
  timelineRows: null,
  timelineBytes: null,
  highlights: {},
  selection: null,
  fields: null,
  fieldsError: null,
  hover: null,
  cursor: null,
  recordFilter: { kind: null, problemsOnly: false },
  hexTopRow: 0,
  guest: null,
  search: null,
  compare: null,
});

export function createExplorerStore() {
  return createStore<Explorer>()((set, get) => {
    const hexMapping = () => scrollMapping(rowCount(get().file?.size ?? 0), 1, get().hexVisibleRows);
    return {
      scanId: 0,
      ...fileState(),
      diagnosticFilter: { error: true, warning: true, info: true },
      diagnosticSort: { key: 'offset', descending: false },
      hexVisibleRows: 16,
      link: null,
      linkProblems: [],
      dockTab: 'validation',
      searchForm: initialSearchForm(),
      searchFocus: false,
      wantedCompare: null,

      beginOpen: (scanId, file) => set({ ...fileState(), scanId, file, status: 'opening' }),
      reset: () => set(fileState()),
      opened: (name, size, fingerprint) => set((s) => ({ file: { ...s.file, name, size, fingerprint }, status: 'scanning', progress: { offset: 0, size, records: 0, diagnostics: 0 } })),
      progressed: (m) =>
        set((s) => {
          if (m.batch) s.index.apply(m.batch);
          const diagnostics = m.diagnostics.length ? [...s.diagnostics.slice(0, m.diagnosticsStart), ...m.diagnostics] : s.diagnostics;
          return {
            progress: m.progress,
            facts: m.facts,
            // Each message carries the counts anew: the views showing them redraw only when they change.
            counts: sameCounts(s.counts, m.counts) ? s.counts : m.counts,
            indexVersion: m.batch ? s.indexVersion + 1 : s.indexVersion,
            diagnostics,
          };
        }),
      finished: (m) => set({ format: m.format, counts: m.counts, status: m.cancelled ? 'cancelled' : 'done' }),
      failed: (message) => set({ status: 'failed', error: message }),

      select: (selection) =>
        set((s) => ({
          selection,
          // A new record's tree is on its way; the old one must not be shown against it.
          ...(selection?.record !== s.selection?.record ? { fields: null, fieldsError: null } : {}),
        })),
      setFields: (record, tree) => {
        if (get().selection?.record === record) set({ fields: { record, tree }, fieldsError: null });
      },
      setFieldsError: (record, message) => {
        if (get().selection?.record === record) set({ fields: null, fieldsError: message });
      },
      setHover: (hover) => set({ hover }),
      setCursor: (cursor) => set({ cursor }),

      setRecordFilter: (f) => set((s) => ({ recordFilter: { ...s.recordFilter, ...f } })),
      setTimelineRows: (timelineRows) => set({ timelineRows }),
      setTimelineBytes: (range) => {
        const now = get().timelineBytes;
        if (now?.offset !== range?.offset || now?.length !== range?.length) set({ timelineBytes: range });
      },
      setHighlights: (analysis, highlights) => set((s) => ({ highlights: { ...s.highlights, [analysis]: highlights } })),
      toggleSeverity: (severity) => set((s) => ({ diagnosticFilter: { ...s.diagnosticFilter, [severity]: !s.diagnosticFilter[severity] } })),
      sortDiagnostics: (key) =>
        set((s) => ({ diagnosticSort: { key, descending: s.diagnosticSort.key === key ? !s.diagnosticSort.descending : false } })),

      setHexTopRow: (row) => set({ hexTopRow: clampTopRow(hexMapping(), row) }),
      setHexVisibleRows: (rows) => {
        // A view showing the end of the file keeps showing it: the end was put there to be seen
        // (and may have been, before the view was first measured, with a guess at its height).
        const atEnd = get().hexTopRow > 0 && get().hexTopRow >= lastTopRow(hexMapping());
        set({ hexVisibleRows: rows });
        set({ hexTopRow: atEnd ? lastTopRow(hexMapping()) : clampTopRow(hexMapping(), get().hexTopRow) });
      },
      revealByte: (offset) => {
        const m = hexMapping();
        set({ hexTopRow: topRowToShow(m, get().hexTopRow, Math.floor(offset / BYTES_PER_ROW)) });
      },

      setLink: (link) => set({ link }),
      setLinkProblems: (linkProblems) => set({ linkProblems }),

      setDockTab: (dockTab) => set({ dockTab }),
      setGuest: (guest) => set({ guest }),

      setSearchForm: (form) => set((s) => ({ searchForm: { ...s.searchForm, ...form } })),
      setSearch: (search) => set({ search }),
      focusSearch: () => set({ dockTab: 'search', searchFocus: true }),
      searchFocused: () => set({ searchFocus: false }),

      setWantedCompare: (wantedCompare) => set({ wantedCompare }),
      setCompare: (c) => set((s) => ({ compare: c === null ? null : 'file' in c && c.file ? (c as CompareState) : s.compare && { ...s.compare, ...c } })),
    };
  });
}

export type ExplorerStore = ReturnType<typeof createExplorerStore>;
