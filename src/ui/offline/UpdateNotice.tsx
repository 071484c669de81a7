/** One line saying that a new version was installed and runs from the next load; dismissable. */
import { useState, useSyncExternalStore } from 'react';
import { onUpdateInstalled, updateInstalled } from './offline.ts';

export function UpdateNotice() {
  const installed = useSyncExternalStore(onUpdateInstalled, updateInstalled);
  const [dismissed, setDismissed] = useState(false);
  if (!installed || dismissed) return null;
  return (
    <div className="notice" role="status" aria-label="New version">
      <div className="notice-text">A new version of the explorer was installed: it runs from the next load.</div>
      <button type="button" className="btn small ghost" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
