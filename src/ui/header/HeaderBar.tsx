import { sizeText } from '../../decoder/dissect/show.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count } from '../format.ts';
import { KeyboardHelp } from '../help/KeyboardHelp.tsx';
import { CopyLinkButton } from '../permalink/CopyLinkButton.tsx';
import { CompareButton } from './CompareButton.tsx';
import { ConvertButton } from './ConvertButton.tsx';
import { ExportMemoryButton } from './ExportMemoryButton.tsx';
import { OpenFileButton } from './OpenFileButton.tsx';
import { SamplesMenu } from './SamplesMenu.tsx';
import { ScanStatus } from './ScanStatus.tsx';
import './header.css';

export function HeaderBar() {
  const controller = useController();
  const file = useExplorer((s) => s.file);
  const records = useExplorer((s) => s.index.count);
  const counts = useExplorer((s) => s.counts);
  return (
    <header className="topbar">
      <div className="brand">
        <img src="favicon.svg" alt="" width={18} height={18} />
        <span>Xen Stream Explorer</span>
      </div>
      <div className="actions">
        <OpenFileButton />
        <SamplesMenu />
        <CopyLinkButton />
        <ConvertButton />
        <ExportMemoryButton />
        <CompareButton />
        {file ? (
          <button type="button" className="btn ghost" onClick={() => controller.close()} title="Close the file and go back to the start page">
            Close
          </button>
        ) : null}
      </div>
      {file ? (
        <dl className="file-info" aria-label="File">
          <dt className="visually-hidden">File</dt>
          <dd className="file-name" title={file.name}>
            {file.name}
            {file.sample ? <span className="tag">sample</span> : null}
          </dd>
          <dt className="visually-hidden">Size</dt>
          <dd className="mono size" title={`${count(file.size)} bytes`}>
            {sizeText(file.size)}
          </dd>
          <dt className="visually-hidden">Problems</dt>
          <dd className="counts">
            <span className={`count-chip error${counts.error ? ' on' : ''}`} data-testid="error-count">
              {count(counts.error)} error{counts.error === 1 ? '' : 's'}
            </span>
            <span className={`count-chip warning${counts.warning ? ' on' : ''}`} data-testid="warning-count">
              {count(counts.warning)} warning{counts.warning === 1 ? '' : 's'}
            </span>
          </dd>
          {/* Last, so that its growing count moves nothing while the scan runs. */}
          <dt className="visually-hidden">Records</dt>
          <dd className="mono" data-testid="record-count">
            {count(records)} records
          </dd>
        </dl>
      ) : (
        <div className="file-info" />
      )}
      <ScanStatus />
      <KeyboardHelp />
    </header>
  );
}
