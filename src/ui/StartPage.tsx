import { SAMPLES } from '../generator/samples.ts';
import { useController } from './ExplorerContext.tsx';
import { OpenFileButton } from './header/OpenFileButton.tsx';
import { CodeText } from './text/CodeText.tsx';
import './startPage.css';

/** No file open: what the tool does, and ways in. */
export function StartPage() {
  const controller = useController();
  return (
    <main className="start">
      <h1>Xen Stream Explorer</h1>
      <p className="lede">Drop a Xen save image or migration stream here to see every record, field and byte, with problems marked where they are.</p>
      <p className="muted">The file is read in your browser and never leaves this machine.</p>
      <div className="start-actions">
        <OpenFileButton className="btn primary" />
        <span className="muted">or drop a file, or try a sample:</span>
      </div>
      <ul className="sample-cards" aria-label="Samples">
        {SAMPLES.map((s) => (
          <li key={s.name}>
            <button type="button" className="sample-card" onClick={() => controller.openSample(s.name)}>
              <span className="sample-title">{s.title}</span>
              <span className="sample-desc">
                <CodeText text={s.description} />
              </span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
