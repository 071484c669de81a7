/** Between timeline rows and index entries, when a filter (worked out by the worker) shows some entries only. */
import type { RecordFilter } from '../state/store.ts';

/** Whether the filter shows some entries only (else every entry is a row, and the worker's rows are not needed). */
export const filtering = (filter: RecordFilter) => filter.kind !== null || filter.problemsOnly;

/** Position of entry `record` among the shown rows, or -1. */
export function rowOfRecord(rows: Uint32Array | null, count: number, record: number): number {
  if (!rows) return record >= 0 && record < count ? record : -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]! < record) lo = mid + 1;
    else if (rows[mid]! > record) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export function recordOfRow(rows: Uint32Array | null, row: number): number {
  return rows ? rows[row]! : row;
}
