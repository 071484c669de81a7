/**
 * "?" (outside a text box) or the header's ? button: every key the explorer answers, in a modal
 * list. Escape, the close button or a click outside closes it and gives focus back.
 */
import { useEffect, useRef, useState } from 'react';
import { isBareKey, isTyping } from '../keys.ts';
import { SHORTCUTS } from './shortcuts.ts';
import './help.css';

export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  const show = () => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  };
  const hide = () => {
    setOpen(false);
    returnTo.current?.focus();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (open && e.key === 'Escape') {
        e.preventDefault();
        hide();
      } else if (!open && !isTyping(e.target) && isBareKey(e, '?')) {
        e.preventDefault();
        show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);

  return (
    <>
      <button type="button" className="btn ghost help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={show}>
        ?
      </button>
      {open ? (
        <div className="help-backdrop" onClick={(e) => e.target === e.currentTarget && hide()}>
          {/* Its one control is Close: Tab stays on it rather than leave for the page behind. */}
          <div className="help-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onKeyDown={(e) => e.key === 'Tab' && e.preventDefault()}>
            <div className="help-head">
              <h2 id="help-title">Keyboard shortcuts</h2>
              <button ref={closeRef} type="button" className="btn ghost" onClick={hide}>
                Close
              </button>
            </div>
            {SHORTCUTS.map((g) => (
              <section key={g.where} aria-label={g.where}>
                <h3>{g.where}</h3>
                <dl>
                  {g.shortcuts.map((s) => (
                    <div key={s.does} className="help-row">
                      <dt>
                        {s.keys.map((k) => (
                          <kbd key={k}>{k}</kbd>
                        ))}
                      </dt>
                      <dd>{s.does}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </div>
      ) : null}
    </>
  );
}
