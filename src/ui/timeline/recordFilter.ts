/** Which records the timeline shows: all, one kind, and/or only those with problems. */

export interface RecordFilter {
  /** kindKey of the one kind to show, or null for all. */
  kind: number | null;
  problemsOnly: boolean;
}

/** Entry numbers to show, ascending; null means all `count` entries. */
export function filterRecords(count: number, kinds: Float64Array, severity: Uint8Array, f: RecordFilter): Uint32Array | null {
  if (f.kind === null && !f.problemsOnly) return null;
  const out = new Uint32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (f.kind !== null && kinds[i] !== f.kind) continue;
    if (f.problemsOnly && !severity[i]) continue;
    out[n++] = i;
  }
  return out.subarray(0, n);
}

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
