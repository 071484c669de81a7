/**
 * Find PFN: every page record entry that names a guest PFN, oldest first (the last one is what
 * a restore ends up with); each selects its record. The worker re-reads only the PFN arrays of
 * records whose PFN range holds it.
 */
import { useState, type FormEvent } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import { PAGE_TYPE_NAMES } from '../../decoder/core/pageTypes.ts';
import type { PageCopy } from '../../decoder/memory/pageCopies.ts';
import { entryName } from '../../decoder/names.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { parseOffset } from '../hex/parseOffset.ts';

type Result = { pfn: number; copies: PageCopy[] } | { error: string } | null;

export function FindPfn() {
  const controller = useController();
  const index = useExplorer((s) => s.index);
  const done = useExplorer((s) => s.status === 'done' || s.status === 'cancelled');
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const pfn = parseOffset(text);
    if (pfn === null) return setResult({ error: `"${text}" is not a PFN (hex 0x… or decimal)` });
    controller.findPfn(pfn).then(
      (copies) => setResult({ pfn, copies }),
      (err: Error) => setResult({ error: err.message }),
    );
  };

  return (
    <form className="find-pfn" onSubmit={submit} role="search">
      <label>
        Find PFN <input value={text} onChange={(e) => setText(e.target.value)} placeholder="0x…" size={10} disabled={!done} />
      </label>
      {result ? (
        'error' in result ? (
          <p role="status">{result.error}</p>
        ) : (
          <div className="find-pfn-results">
            <p role="status">
              PFN {hex(result.pfn)}: {result.copies.length === 0 ? 'never sent' : `${result.copies.length} cop${result.copies.length === 1 ? 'y' : 'ies'}, oldest first`}
            </p>
            <ol aria-label="Records carrying the PFN">
              {result.copies.map((c, i) => (
                <li key={`${c.record}-${i}`}>
                  <button type="button" onClick={() => controller.selectRecord(c.record)}>
                    #{c.record} {entryName(index.layer(c.record), index.type(c.record), index.flags(c.record))} at {hex(index.offset(c.record))}
                  </button>{' '}
                  {PAGE_TYPE_NAMES[c.type] ?? `type ${c.type}`}
                  {c.offset === null ? ', compressed' : c.offset < 0 ? ', no data' : `, page at ${hex(c.offset)}`}
                </li>
              ))}
            </ol>
          </div>
        )
      ) : null}
    </form>
  );
}
