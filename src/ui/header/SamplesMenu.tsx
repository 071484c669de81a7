import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SAMPLES } from '../../generator/samples.ts';
import { useController } from '../ExplorerContext.tsx';
import { CodeText } from '../text/CodeText.tsx';

/** The built-in samples, built by the generator in the worker. */
export function SamplesMenu() {
  const controller = useController();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (to !== undefined) items[(to + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div className="menu-root" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="btn" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Samples ▾
      </button>
      {open ? (
        <div role="menu" aria-label="Samples" className="menu">
          {SAMPLES.map((s) => (
            <button
              key={s.name}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                controller.openSample(s.name);
              }}
            >
              <span className="menu-title">{s.title}</span>
              <span className="menu-desc">
                <CodeText text={s.description} />
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
