import { SAMPLES } from '../../generator/samples.ts';
import { useController } from '../ExplorerContext.tsx';
import { CodeText } from '../text/CodeText.tsx';
import { useMenu } from './useMenu.ts';

/** The built-in samples, built by the generator in the worker. */
export function SamplesMenu() {
  const controller = useController();
  const { open, setOpen, root, button, onKeyDown } = useMenu();

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
