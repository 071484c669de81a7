/**
 * The Compare tab: the open file (A) against a second one (B), as `xen-stream diff` reports it:
 * the summary, the changed PFN ranges (pick one to see both copies of its first page), changed
 * registers, config keys, the records of both side by side, and the changed records' fields
 * (pick one to select it in A).
 */
import type { ReactElement, ReactNode } from 'react';
import type { PfnRun } from '../../decoder/diff/pfnRuns.ts';
import type { StreamDiff } from '../../decoder/diff/streamDiff.ts';
import { CompareMap } from './CompareMap.tsx';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count, hexOffset } from '../format.ts';
import { CheckpointPicker } from './CheckpointPicker.tsx';
import { PageCompare } from './PageCompare.tsx';
import { RecordsSideBySide } from './RecordsSideBySide.tsx';
import { DataTable, type DataCell } from '../table/DataTable.tsx';
import './compare.css';

/** PFN runs listed as buttons; the rest are counted. */
const RUNS_SHOWN = 200;

const runText = ([first, last]: PfnRun) => (first === last ? hexOffset(first) : `${hexOffset(first)}–${hexOffset(last)}`);
const value = (v: string | null) => v ?? '—';
const mono = (content: ReactNode): DataCell => ({ content, className: 'mono' });
const removed = (v: string | null): DataCell => ({ content: value(v), className: 'mono removed' });
const added = (v: string | null): DataCell => ({ content: value(v), className: 'mono added' });
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function Summary({ d }: { d: StreamDiff }): ReactElement {
  const p = d.pages;
  const r = d.records;
  const registers = d.vcpus.reduce((n, v) => n + Object.keys(v.changed).length, 0);
  return (
    <dl className="facts-list compare-summary">
      <dt>Pages</dt>
      <dd>
        {count(p.same)} same, <span className="changed">{count(p.changed)} changed</span> ({plural(p.changedBytes, 'byte differs', 'bytes differ')}), <span className="removed">{count(p.onlyA)} only in A</span>,{' '}
        <span className="added">{count(p.onlyB)} only in B</span>
        {p.typeChanged ? `, ${count(p.typeChanged)} page types changed` : ''}
      </dd>
      <dt>Registers</dt>
      <dd>{count(registers)} changed</dd>
      <dt>Config</dt>
      <dd>{plural(d.config.length, 'key')} changed</dd>
      <dt>Records</dt>
      <dd>
        {count(r.same)} same, {count(r.changed.length)} changed, {count(r.onlyA.length)} only in A, {count(r.onlyB.length)} only in B
      </dd>
    </dl>
  );
}

function Runs({ label, runs, onPick }: { label: string; runs: PfnRun[]; onPick?: (pfn: number) => void }): ReactElement | null {
  if (!runs.length) return null;
  return (
    <section aria-label={label}>
      <h4>
        {label} ({plural(runs.length, 'run')})
      </h4>
      <ul className="pfn-runs mono">
        {runs.slice(0, RUNS_SHOWN).map((run) => (
          <li key={run[0]}>{onPick ? <button type="button" onClick={() => onPick(run[0])} title="Show both copies of the first page">{runText(run)}</button> : runText(run)}</li>
        ))}
        {runs.length > RUNS_SHOWN ? <li className="muted">… {count(runs.length - RUNS_SHOWN)} more</li> : null}
      </ul>
    </section>
  );
}

function Details({ d, names }: { d: StreamDiff; names: [string, string] }): ReactElement {
  const controller = useController();
  const page = useExplorer((s) => s.compare?.page ?? null);
  const records = [...d.records.changed.map((c) => ({ ...c, what: 'changed' })), ...d.records.onlyA.map((c) => ({ ...c, what: 'only in A', fields: [] })), ...d.records.onlyB.map((c) => ({ ...c, what: 'only in B', fields: [] }))];
  return (
    <>
      <CompareMap d={d} />
      <Runs label="Changed pages" runs={d.changedPfns} onPick={(pfn) => void controller.compare.showPage(pfn)} />
      {page ? <PageCompare pair={page} names={names} /> : null}
      <Runs label="Pages only in A" runs={d.onlyAPfns} />
      <Runs label="Pages only in B" runs={d.onlyBPfns} />
      {d.vcpus.length ? (
        <DataTable
          className="compare-table"
          label="Changed registers"
          columns={['vCPU', 'Register', 'A', 'B']}
          rows={d.vcpus.flatMap((v) => Object.entries(v.changed).map(([name, [a, b]]) => ({ key: `${v.vcpu}.${name}`, cells: [v.vcpu, mono(name), removed(a), added(b)] })))}
        />
      ) : null}
      {d.config.length ? <DataTable className="compare-table" label="Config changes" columns={['Config key', 'A', 'B']} rows={d.config.map((c) => ({ key: c.path, cells: [mono(c.path), removed(c.a), added(c.b)] }))} /> : null}
      {records.length ? (
        <DataTable
          className="compare-table"
          label="Record differences"
          columns={['Record', 'Difference', 'A', 'B']}
          rows={records.map((c) => ({
            key: `${c.a?.index}-${c.b?.index}`,
            cells: [
              mono(c.name),
              <>
                {c.what}
                {c.fields.length ? (
                  <ul className="field-changes mono">
                    {c.fields.map((f) => (
                      <li key={f.path}>
                        {f.path}: <span className="removed">{value(f.a)}</span> → <span className="added">{value(f.b)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>,
              mono(
                c.a ? (
                  <button type="button" className="linkish" onClick={() => controller.selectRecord(c.a!.index)} title="Select this record">
                    #{c.a.index}
                  </button>
                ) : (
                  '—'
                ),
              ),
              mono(c.b ? `#${c.b.index} at ${hexOffset(c.b.offset)}` : '—'),
            ],
          }))}
        />
      ) : null}
      <RecordsSideBySide rows={d.records.rows} />
    </>
  );
}

export function ComparePanel(): ReactElement | null {
  const controller = useController();
  const compare = useExplorer((s) => s.compare);
  const fileName = useExplorer((s) => s.file?.name ?? '');
  if (!compare) return null;
  const { status, progress, result } = compare;
  const busy = status === 'scanning' || status === 'comparing';
  const names: [string, string] = [fileName, compare.file.name];
  return (
    <div className="compare-panel">
      <div className="dock-bar">
        <span>
          A <strong>{names[0]}</strong>
          {compare.checkpoints[0] ? ` at checkpoint ${compare.checkpoints[0]}` : ''} against B <strong>{names[1]}</strong>
          {compare.checkpoints[1] ? ` at checkpoint ${compare.checkpoints[1]}` : ''}
        </span>
        {busy ? (
          <>
            <span>{status === 'scanning' ? 'Scanning B…' : 'Comparing pages…'}</span>
            <progress aria-label="Compare progress" max={1} value={progress && progress.total > 0 ? progress.done / progress.total : 0} />
            <button type="button" className="btn ghost" onClick={() => controller.compare.cancel()}>
              Cancel
            </button>
          </>
        ) : null}
        {status === 'cancelled' ? <span className="muted">cancelled{result ? ': the counts cover only what was compared' : ''}</span> : null}
        {status === 'failed' ? <span role="alert">Comparison failed: {compare.error}</span> : null}
        <button type="button" className="btn ghost" onClick={() => controller.compare.end()}>
          Close comparison
        </button>
      </div>
      <CheckpointPicker />
      {result ? (
        <div className="compare-body">
          <Summary d={result} />
          <Details d={result} names={names} />
        </div>
      ) : null}
    </div>
  );
}
