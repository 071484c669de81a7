/**
 * The data inspector (as in ImHex or 010 Editor): the bytes at the hex cursor read as integers of
 * every width and byte order, floats, a PFN entry, a page-table entry, a segment descriptor and
 * text, one labelled row each, each value copyable.
 */
import { useEffect, useState } from 'react';
import { INSPECT_BYTES, interpret } from '../../decoder/inspect/interpretations.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { hexOffset } from '../format.ts';
import './inspector.css';

export function Inspector() {
  const controller = useController();
  const cursor = useExplorer((s) => s.cursor);
  const size = useExplorer((s) => s.file?.size ?? 0);
  const [read, setRead] = useState<{ at: number; bytes: Uint8Array } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    if (cursor === null || cursor >= size) return;
    let live = true;
    controller.pages.read(cursor, INSPECT_BYTES).then(
      (bytes) => live && setRead({ at: cursor, bytes }),
      () => live && setRead(null),
    );
    return () => {
      live = false;
    };
  }, [controller, cursor, size]);

  const current = read && read.at === cursor ? read : null;
  const copy = (label: string, value: string) => {
    navigator.clipboard?.writeText(value).then(
      () => setCopied(label),
      () => setCopied(null),
    );
  };

  return (
    <section className="pane inspector-pane" role="region" aria-label="Inspector">
      <div className="pane-head">
        <h2>Inspector</h2>
        <span className="pane-count mono">{cursor !== null ? hexOffset(cursor) : ''}</span>
      </div>
      {current ? (
        <table className="inspector-table">
          <tbody>
            {interpret(current.bytes).map(({ label, value }) => (
              <tr key={label} aria-label={label}>
                <th scope="row">{label}</th>
                <td className="mono">{value ?? '—'}</td>
                <td>
                  {value !== null ? (
                    <button type="button" className="inspector-copy" aria-label={`Copy ${label}`} title="Copy" onClick={() => copy(label, value)}>
                      {copied === label ? <CheckIcon /> : <CopyIcon />}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty-note">{cursor === null ? 'Click a byte to read the values that start there.' : 'Reading…'}</p>
      )}
    </section>
  );
}

/* Drawn inline: the copy glyphs of Unicode are missing from common fonts and showed as boxes. */
function CopyIcon() {
  return (
    <svg className="inspector-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <rect x="5.5" y="5.5" width="8" height="9" rx="1.5" fill="none" stroke="currentColor" />
      <path d="M3.5 10.5h-1a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v1" fill="none" stroke="currentColor" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg className="inspector-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
