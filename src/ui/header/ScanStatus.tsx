import { useController, useExplorer } from '../ExplorerContext.tsx';

/**
 * Progress and Cancel while scanning (a bar along the header's bottom edge, out of the layout),
 * and what became of the scan afterwards. Fixed width: nothing moves when a scan starts or ends.
 */
export function ScanStatus() {
  const controller = useController();
  const status = useExplorer((s) => s.status);
  const progress = useExplorer((s) => s.progress);
  const error = useExplorer((s) => s.error);
  const busy = status === 'opening' || status === 'scanning';
  const fraction = progress && progress.size > 0 ? progress.offset / progress.size : 0;
  return (
    <div className="scan-status" aria-live="polite">
      {busy ? (
        <>
          <progress aria-label="Scan progress" max={1} value={fraction} />
          <span className="mono scan-pct">Scanning {Math.floor(fraction * 100)}%</span>
          <button type="button" className="btn small" onClick={() => controller.cancel()}>
            Cancel
          </button>
        </>
      ) : status === 'cancelled' ? (
        <span className="scan-note warning" title="The scan was cancelled: the records found until then are shown">
          Cancelled at {Math.floor(fraction * 100)}%
        </span>
      ) : status === 'failed' ? (
        <span className="scan-note error" title={error ?? ''}>
          Could not read the file: {error}
        </span>
      ) : null}
    </div>
  );
}
