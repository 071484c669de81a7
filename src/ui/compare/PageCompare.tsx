/**
 * One guest page's last copy in each file, as hex rows side by side with the bytes that differ
 * marked; rows where both copies agree are folded away, so a page with one changed word shows
 * one row.
 */
import type { ReactElement } from 'react';
import { differingOffsets } from '../../decoder/diff/pageBytes.ts';
import { hexOffset } from '../format.ts';
import { DataTable } from '../table/DataTable.tsx';
import type { AnalysisReply } from '../../worker/protocol.ts';

type PagePair = AnalysisReply<'comparePage'>;
type PageSide = PagePair['a'];

const ROW = 16;

function Row({ bytes, at, differs }: { bytes: Uint8Array; at: number; differs: Set<number> }): ReactElement {
  const cells: ReactElement[] = [];
  for (let i = at; i < at + ROW; i++) {
    const text = (bytes[i] ?? 0).toString(16).padStart(2, '0');
    cells.push(differs.has(i) ? <mark key={i} className="diff-byte">{text}</mark> : <span key={i}>{text}</span>);
  }
  return <span className="page-row-bytes">{cells}</span>;
}

const sideLabel = (name: string, s: PageSide) => ('bytes' in s ? `${name} (copy at ${hexOffset(s.fileOffset)})` : `${name}: ${s.reason}`);

export function PageCompare({ pair, names }: { pair: PagePair; names: [string, string] }): ReactElement {
  const a = 'bytes' in pair.a ? pair.a.bytes : null;
  const b = 'bytes' in pair.b ? pair.b.bytes : null;
  const differs = new Set(a && b ? differingOffsets(a, b) : []);
  const rows = [...new Set([...differs].map((i) => i - (i % ROW)))].sort((x, y) => x - y);
  return (
    <section className="page-compare" aria-label={`PFN ${hexOffset(pair.pfn)} in both files`}>
      <h4>
        PFN {hexOffset(pair.pfn)}: {a && b ? `${differs.size} ${differs.size === 1 ? 'byte differs' : 'bytes differ'} in ${rows.length} row${rows.length === 1 ? '' : 's'}` : 'not in both files'}
      </h4>
      <p className="muted">
        {sideLabel(`A ${names[0]}`, pair.a)}; {sideLabel(`B ${names[1]}`, pair.b)}
      </p>
      {a && b ? (
        <DataTable
          className="page-rows mono"
          columns={['Offset', 'A', 'B']}
          rows={rows.map((at) => ({ key: at, cells: [hexOffset(at, 3), <Row bytes={a} at={at} differs={differs} />, <Row bytes={b} at={at} differs={differs} />] }))}
        />
      ) : null}
    </section>
  );
}
