/**
 * Statistics and rounds of the open file, under a disclosure: the Rounds chart, and the tables
 * that are also its text alternative (records per type, rounds, largest records). Computed on
 * the page from the record index as the scan grows it.
 */
import { useMemo } from 'react';
import { hex, sizeText } from '../../decoder/dissect/show.ts';
import { streamStatistics } from '../../decoder/overview/statistics.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { FindPfn } from './FindPfn.tsx';
import { RoundsChart } from './RoundsChart.tsx';
import { useThrottled } from '../layout/useThrottled.ts';

export function StatisticsPanel() {
  const controller = useController();
  const index = useExplorer((s) => s.index);
  // Statistics walk the whole index: during a scan, once a second rather than at every progress message.
  const version = useThrottled(useExplorer((s) => s.indexVersion), 1000);
  const facts = useThrottled(useExplorer((s) => s.facts), 1000);
  const stats = useMemo(
    () => (facts ? streamStatistics(index, facts) : null),
    // The index grows in place: `version` says when.
    [index, version, facts],
  );
  if (!stats) return null;
  const types = Object.entries(stats.records).sort((a, b) => b[1].bytes - a[1].bytes);
  return (
    <details className="statistics">
      <summary>Statistics, rounds and Find PFN</summary>
      <div className="statistics-body">
        <div>
          <RoundsChart rounds={stats.rounds} />
          <FindPfn />
        </div>
        <table aria-label="Records per type">
          <thead>
            <tr>
              <th scope="col">type</th>
              <th scope="col">count</th>
              <th scope="col">bytes</th>
            </tr>
          </thead>
          <tbody>
            {types.map(([name, r]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{r.count}</td>
                <td>{sizeText(r.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table aria-label="Rounds table">
          <thead>
            <tr>
              <th scope="col">round</th>
              <th scope="col">checkpoint</th>
              <th scope="col">records</th>
              <th scope="col">pages</th>
              <th scope="col">bytes</th>
            </tr>
          </thead>
          <tbody>
            {stats.rounds.map((r, i) => (
              <tr key={r.firstRecord} onClick={() => controller.selectRecord(r.firstRecord)}>
                <td>{i}</td>
                <td>{r.checkpoint}</td>
                <td>{r.records}</td>
                <td>{r.pages}</td>
                <td>{sizeText(r.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <p>
            {stats.pages.withData} pages in {stats.pages.records} page records; {stats.checkpoints} checkpoints; {stats.vcpus} vCPUs.
          </p>
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
    </details>
  );
}
