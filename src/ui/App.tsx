/**
 * The explorer's frame: header bar, then Wireshark's three panes (records above, fields and
 * bytes below), the panels (validation and more) docked at the bottom; the start page when no file is open,
 * or the page asking for a permalink's file. A file dropped anywhere opens (and cancels the scan
 * in flight).
 */
import { useEffect, useState, type CSSProperties, type DragEvent } from 'react';
import { useController, useExplorer } from './ExplorerContext.tsx';
import { FieldTree } from './fields/FieldTree.tsx';
import { HeaderBar } from './header/HeaderBar.tsx';
import { LegacyControl } from './header/LegacyControl.tsx';
import { GOTO_INPUT_ID } from './hex/GoToOffset.tsx';
import { HexView } from './hex/HexView.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { isBareKey, isTyping } from './keys.ts';
import { Dock } from './layout/Dock.tsx';
import { PaneBoundary } from './layout/PaneBoundary.tsx';
import { Splitter } from './layout/Splitter.tsx';
import { FileMap } from './overview/FileMap.tsx';
import { UpdateNotice } from './offline/UpdateNotice.tsx';
import { LinkNotices } from './permalink/LinkNotices.tsx';
import { PendingLinkPrompt } from './permalink/PendingLinkPrompt.tsx';
import { useSearchKeys } from './search/useSearchKeys.ts';
import { StartPage } from './StartPage.tsx';
import { Timeline } from './timeline/Timeline.tsx';

const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');

/** Ctrl+G (or G outside a text box) goes to the hex view's offset box. */
function useGoToShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrlG = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'g';
      const bareG = !isTyping(e.target) && isBareKey(e, 'g');
      if (!ctrlG && !bareG) return;
      const input = document.getElementById(GOTO_INPUT_ID) as HTMLInputElement | null;
      if (!input) return;
      e.preventDefault();
      input.focus();
      input.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const controller = useController();
  const hasFile = useExplorer((s) => s.file !== null);
  const linkWaitingForFile = useExplorer((s) => (s.link?.stage === 'needs-file' ? s.link.link : null));
  const scanId = useExplorer((s) => s.scanId);
  const record = useExplorer((s) => s.selection?.record ?? -1);
  const [dragging, setDragging] = useState(false);
  const [timelineHeight, setTimelineHeight] = useState(300);
  // The hex view needs about 640 px and the inspector 290; the field tree gets the rest of the width.
  const [fieldsWidth, setFieldsWidth] = useState(() => Math.max(380, Math.min(900, window.innerWidth - 955)));
  const [validationHeight, setValidationHeight] = useState(190);
  useGoToShortcut();
  useSearchKeys();

  const drop = {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer.files[0];
      if (file) controller.openFile(file);
    },
  };

  return (
    <div className="app" {...drop}>
      <HeaderBar />
      <div className="bars">
        <LegacyControl />
        <LinkNotices />
        <UpdateNotice />
      </div>
      {hasFile ? (
        <main
          className="workspace"
          style={{ '--timeline-h': `${timelineHeight}px`, '--fields-w': `${fieldsWidth}px`, '--validation-h': `${validationHeight}px` } as CSSProperties}
        >
          <PaneBoundary name="File map" resetKey={scanId}>
            <FileMap />
          </PaneBoundary>
          <PaneBoundary name="Records" resetKey={scanId}>
            <Timeline key={scanId} />
          </PaneBoundary>
          <Splitter orientation="horizontal" label="Resize records" value={timelineHeight} min={90} max={900} onChange={setTimelineHeight} />
          <div className="middle">
            <PaneBoundary name="Fields" resetKey={`${scanId}:${record}`}>
              <FieldTree />
            </PaneBoundary>
            <Splitter orientation="vertical" label="Resize fields" value={fieldsWidth} min={220} max={1400} onChange={setFieldsWidth} />
            <PaneBoundary name="Bytes" resetKey={scanId}>
              <HexView />
            </PaneBoundary>
            <PaneBoundary name="Inspector" resetKey={scanId}>
              <Inspector />
            </PaneBoundary>
          </div>
          <Splitter orientation="horizontal" label="Resize panels" value={validationHeight} min={60} max={700} direction={-1} onChange={setValidationHeight} />
          <PaneBoundary name="Panels" resetKey={scanId}>
            <Dock />
          </PaneBoundary>
        </main>
      ) : linkWaitingForFile ? (
        <PendingLinkPrompt link={linkWaitingForFile} />
      ) : (
        <StartPage />
      )}
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the save image to open it</div>
        </div>
      ) : null}
    </div>
  );
}
