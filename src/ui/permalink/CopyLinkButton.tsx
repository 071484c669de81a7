/**
 * "Copy link", and its shortcut L (outside text boxes): the address of what is on screen, for
 * a bug report. L because no browser gives a bare L a meaning (Ctrl+Shift+C, the other obvious
 * choice, opens the developer tools' inspector). Where the clipboard is out of reach (a page
 * served over plain http), the link is shown selected, to copy by hand.
 */
import { useCallback, useEffect, useState } from 'react';
import { useExplorer, useHistorySync } from '../ExplorerContext.tsx';
import { isBareKey, isTyping } from '../keys.ts';

const COPIED_MS = 2000;

export function CopyLinkButton() {
  const history = useHistorySync();
  const something = useExplorer((s) => s.file !== null || s.link !== null);
  const [copied, setCopied] = useState(false);
  const [manual, setManual] = useState<string | null>(null);

  const copy = useCallback(async () => {
    const href = history.href();
    try {
      await navigator.clipboard.writeText(href);
      setManual(null);
      setCopied(true);
    } catch {
      setManual(href);
    }
  }, [history]);

  useEffect(() => {
    if (!something) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || !(isBareKey(e, 'l') || isBareKey(e, 'L'))) return;
      e.preventDefault();
      void copy();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [copy, something]);

  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(t);
  }, [copied]);

  if (!something) return null;
  return (
    <div className="copy-link">
      <button type="button" className="btn" onClick={() => void copy()} title="Copy a link to this file, record, field and bytes (L)" aria-keyshortcuts="L">
        {copied ? 'Link copied' : 'Copy link'}
      </button>
      <span className="visually-hidden" role="status">
        {copied ? 'A link to what is on screen was copied.' : ''}
      </span>
      {manual ? (
        <div className="copy-manual" role="dialog" aria-label="Copy this link">
          <input
            className="mono"
            readOnly
            value={manual}
            aria-label="Link"
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') setManual(null);
            }}
          />
          <span className="muted">The clipboard is out of reach here: press Ctrl+C (⌘C) to copy the link.</span>
          <button type="button" className="btn small" onClick={() => setManual(null)}>
            Done
          </button>
        </div>
      ) : null}
    </div>
  );
}
