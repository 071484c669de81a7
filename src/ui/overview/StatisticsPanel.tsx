/**
 * Statistics and rounds of the open file, under a disclosure: the Rounds chart, and the tables
 * that are also its text alternative (records per type, rounds, guest PFNs, largest records). A
 * type's row lists only records of that type; a round's row selects its first record.
 * The worker works them out (the `statistics` analysis) as the scan grows the index.
 */
import { useMemo, useState } from 'react';
import { hex, sizeText } from '../../decoder/dissect/show.ts';
import { kindOf } from '../../decoder/kinds.ts';
import { kindParts } from '../../decoder/model/kindKey.ts';
import { recordTypeName } from '../../decoder/overview/statistics.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { DataTable } from '../table/DataTable.tsx';
import { FindPfn } from './FindPfn.tsx';
import { RoundsChart } from './RoundsChart.tsx';
import { useAnalysis } from './useAnalysis.ts';

const NO_ARGS = {};
const NO_KINDS: { key: number }[] = [];

/** The disclosure; its body (and the worker's walk over the index and the PFN census) only while open. */
export function StatisticsPanel() {
  const [open, setOpen] = useState(false);
  return (
    <details className="statistics" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Statistics, rounds and Find PFN</summary>
      {open ? <StatisticsBody /> : null}
    </details>
  );
}

function StatisticsBody() {
  const controller = useController();
  const stats = useAnalysis('statistics', NO_ARGS);
  // A type's row lists only records of that type: the kinds the records' type menu offers, by the statistics' names.
  const kinds = useExplorer((s) => s.timelineRows?.kinds ?? NO_KINDS);
  const setRecordFilter = useExplorer((s) => s.setRecordFilter);
  const kindNamed = useMemo(
    () =>
      new Map(
        kinds.map(({ key }) => {
          const { layer, flags, type } = kindParts(key);
          return [recordTypeName(kindOf(layer, flags, type), layer, flags), key];
        }),
      ),
    [kinds],
  );
  if (!stats) return <p role="status">Counting…</p>;
  const types = Object.entries(stats.records).sort((a, b) => b[1].bytes - a[1].bytes);
  return (
    <div className="statistics-body">
      <div>
        <RoundsChart rounds={stats.rounds} />
        <FindPfn />
      </div>
      <DataTable
        label="Records per type"
        columns={['type', 'count', 'bytes']}
        rows={types.map(([name, r]) => {
          const kind = kindNamed.get(name);
          return { key: name, cells: [name, r.count, sizeText(r.bytes)], ...(kind === undefined ? {} : { onClick: () => setRecordFilter({ kind }) }) };
        })}
      />
      <DataTable
        label="Rounds table"
        columns={['round', 'checkpoint', 'records', 'pages', 'bytes']}
        rows={stats.rounds.map((r, i) => ({ key: r.firstRecord, cells: [i, r.checkpoint, r.records, r.pages, sizeText(r.bytes)], onClick: () => controller.selectRecord(r.firstRecord) }))}
      />
      <div>
        <p>
          {stats.pages.withData} pages in {stats.pages.records} page records; {stats.checkpoints} checkpoints; {stats.vcpus} vCPUs.
        </p>
        {stats.pfns ? (
          <p aria-label="Guest PFNs">
            {stats.pfns.distinct} distinct PFNs with data, the highest {stats.pfns.max < 0 ? 'none' : hex(stats.pfns.max)} ({sizeText(stats.pfns.memoryBytes)} of guest memory); {stats.pfns.resent} sent more than once;{' '}
            {Object.entries(stats.pfns.types)
              .map(([type, n]) => `${n} ${type}`)
              .join(', ')}
            .
          </p>
        ) : null}
        <ol aria-label="Largest records">
          {stats.largest.map((x) => (
            <li key={x.record}>
              <button type="button" onClick={() => controller.selectRecord(x.record)}>
                #{x.record} {x.name} at {hex(x.offset)}
              </button>{' '}
              {sizeText(x.length)}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
