/**
 * What the page says about a link it follows, under the header: a file that is not the link's
 * (with "go on anyway"), what could not be done as the link said, and, floating over the panes
 * so that nothing moves, that it waits for the scan to reach the link's spot.
 */
import { useExplorer, useLinks } from '../ExplorerContext.tsx';
import { CompareButton } from '../header/CompareButton.tsx';
import { OpenFileButton } from '../header/OpenFileButton.tsx';
import type { OpenFile } from '../state/store.ts';
import { describeSize, describeSpot } from './describeLink.ts';
import type { LinkState } from './hash.ts';
import './permalink.css';

export function LinkNotices() {
  const link = useExplorer((s) => s.link);
  const problems = useExplorer((s) => s.linkProblems);
  const file = useExplorer((s) => s.file);
  const scanning = useExplorer((s) => s.status === 'scanning');
  const setProblems = useExplorer((s) => s.setLinkProblems);
  const wantedCompare = useExplorer((s) => (s.file && !s.compare && s.link?.stage !== 'needs-file' ? s.wantedCompare : null));
  const setWantedCompare = useExplorer((s) => s.setWantedCompare);
  return (
    <>
      {link?.stage === 'mismatch' && file ? <MismatchWarning link={link.link} file={file} /> : null}
      {wantedCompare ? (
        <div className="notice" role="status" aria-label="The link compares two files">
          <div className="notice-text">
            This link compares this file with <strong>{wantedCompare.name}</strong>
            {wantedCompare.size !== null ? ` (${describeSize(wantedCompare.size)})` : ''}: give that file to see the comparison.
          </div>
          <div className="notice-actions">
            <CompareButton className="btn small" label="Compare with…" inputLabel="The file the link compares with" />
            <button type="button" className="btn small ghost" onClick={() => setWantedCompare(null)}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div className="notice" role="status" aria-label="About this link">
          <div className="notice-text">
            <strong>This link could not be followed exactly.</strong>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
          <button type="button" className="btn small ghost" onClick={() => setProblems([])}>
            Dismiss
          </button>
        </div>
      ) : null}
      {link?.stage === 'waiting' && scanning ? (
        <div className="link-waiting" role="status">
          Going to {describeSpot(link.link.spot)} when the scan reaches it…
        </div>
      ) : null}
    </>
  );
}

function MismatchWarning({ link, file }: { link: LinkState; file: OpenFile }) {
  const links = useLinks();
  const t = link.target;
  if (t.kind !== 'file') return null;
  return (
    <div className="notice warning" role="alert" aria-label="Not the link's file">
      <div className="notice-text">
        <strong>This is not the file the link points at: {t.size === file.size ? 'it has the same size, but other contents' : 'its size is different'}.</strong>
        <dl className="notice-files">
          <dt>Link</dt>
          <dd className="notice-file-name">{t.name}</dd>
          <dd>{t.size === null ? 'size not in the link' : describeSize(t.size)}</dd>
          <dd className="mono">{t.fingerprint ?? ''}</dd>
          <dt>Opened</dt>
          <dd className="notice-file-name">{file.name}</dd>
          <dd>{describeSize(file.size)}</dd>
          <dd className="mono">{file.fingerprint}</dd>
        </dl>
        The link points at {describeSpot(link.spot)}.
      </div>
      <div className="notice-actions">
        <button type="button" className="btn small" onClick={() => links.goOnAnyway()}>
          Go there anyway
        </button>
        <OpenFileButton className="btn small" label="Choose another file…" />
        <button type="button" className="btn small ghost" onClick={() => links.dismiss()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
