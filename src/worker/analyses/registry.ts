/**
 * Every analysis the worker runs, by the name requests use. Adding one: write its module (an
 * Analysis with its own argument and reply types) and list it here; the protocol's types follow.
 */
import type { Analysis } from './Analysis.ts';
import { comparePage } from './comparePage.ts';
import { diff } from './diff.ts';
import { entries } from './entries.ts';
import { fileMapBins } from './fileMapBins.ts';
import { guestMemory } from './guestMemory.ts';
import { memoryMapCell, memoryMapCells } from './memoryMapCells.ts';
import { problemHighlights } from './problemHighlights.ts';
import { search } from './search.ts';
import { statistics } from './statistics.ts';
import { timelineRows } from './timelineRows.ts';
import { vcpus } from './vcpus.ts';

export const ANALYSES = { timelineRows, problemHighlights, vcpus, guestMemory, search, diff, comparePage, fileMapBins, statistics, memoryMapCells, memoryMapCell, entries };

type Analyses = typeof ANALYSES;
export type AnalysisName = keyof Analyses;
export type AnalysisArgs<K extends AnalysisName> = Analyses[K] extends Analysis<infer A, unknown> ? A : never;
export type AnalysisReply<K extends AnalysisName> = Analyses[K] extends Analysis<never, infer R> ? R : never;
/** The registry's shape, for a worker given other analyses (tests). */
export type AnalysisTable = Record<string, Analysis<never, unknown>>;
