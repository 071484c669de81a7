/**
 * A link to a file the page has not got (files are never uploaded): says which file it needs
 * and what in it the link points at, and takes the file, dropped anywhere or chosen here. The
 * file given is checked against the link before the link is followed (LinkFollower).
 */
import { useLinks } from '../ExplorerContext.tsx';
import { OpenFileButton } from '../header/OpenFileButton.tsx';
import { describeLegacy, describeSize, describeSpot } from './describeLink.ts';
import type { LinkState } from './hash.ts';
import '../startPage.css';

export function PendingLinkPrompt({ link }: { link: LinkState }) {
  const links = useLinks();
  const t = link.target;
  if (t.kind !== 'file') return null;
  const legacy = describeLegacy(link.legacy);
  return (
    <main className="start link-prompt" aria-labelledby="link-prompt-title">
      <h1 id="link-prompt-title">Open the file this link points at</h1>
      <p className="lede">
        The link points at <strong>{describeSpot(link.spot)}</strong> of the file below. Files are never uploaded, so the link cannot bring it with it: drop your copy here, or choose it, to go straight there.
      </p>
      <dl className="link-file" aria-label="The file the link needs">
        <dt>Name</dt>
        <dd className="link-file-name">{t.name}</dd>
        <dt>Size</dt>
        <dd>{t.size === null ? 'not in the link' : describeSize(t.size)}</dd>
        <dt>Fingerprint</dt>
        <dd className="mono" title="SHA-256 of the file's first, middle and last 64 KiB, first 16 hex digits">
          {t.fingerprint ?? 'not in the link'}
        </dd>
        {legacy ? (
          <>
            <dt>Decoded as</dt>
            <dd>{legacy}</dd>
          </>
        ) : null}
      </dl>
      <div className="start-actions">
        <OpenFileButton className="btn primary" label={`Choose ${t.name}…`} />
        <span className="muted">or drop it anywhere on this page.</span>
      </div>
      <p className="muted">The file is read in your browser and never leaves this machine. If it is not the file the link was made from, you are told so before going on.</p>
      <button type="button" className="btn ghost" onClick={() => links.dismiss()}>
        Go to the start page instead
      </button>
    </main>
  );
}
