/**
 * Statistics and rounds of the open file, under a disclosure: the Rounds chart, and the tables
 * that are also its text alternative (records per type, rounds, guest PFNs, largest records).
 * The worker works them out (the `statistics` analysis) as the scan grows the index.
 */
import { hex, sizeText } from '../../decoder/dissect/show.ts';
import { useController } from '../ExplorerContext.tsx';
import { FindPfn } from './FindPfn.tsx';
import { RoundsChart } from './RoundsChart.tsx';
import { useAnalysis } from './useAnalysis.ts';

const NO_ARGS = {};

export function StatisticsPanel() {
  const controller = useController();
  const stats = useAnalysis('statistics', NO_ARGS);
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
          {stats.pfns ? (
            <p aria-label="Guest PFNs">
              {stats.pfns.distinct} distinct PFNs with data, the highest {hex(stats.pfns.max)} ({sizeText(stats.pfns.memoryBytes)} of guest memory); {stats.pfns.resent} sent more than once;{' '}
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
    </details>
  );
}
