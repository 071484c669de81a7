/**
 * The panels docked at the bottom of the workspace (validation, and the guest's views as they
 * come), one shown at a time behind a row of tabs. Arrow keys move between tabs, as in any
 * tablist; which tab shows lives in the store so that other views can bring one forward.
 */
import type { KeyboardEvent, ReactElement } from 'react';
import { useExplorer } from '../ExplorerContext.tsx';
import { MemoryMapPanel } from '../memoryMap/MemoryMapPanel.tsx';
import { DOCK_TABS, type DockTab } from '../state/dockTab.ts';
import { ValidationPanel } from '../validation/ValidationPanel.tsx';
import './dock.css';

/** Each tab's label and panel, in DOCK_TABS order. */
const PANELS: Record<DockTab, { label: string; panel: () => ReactElement }> = {
  validation: { label: 'Validation', panel: () => <ValidationPanel /> },
  memoryMap: { label: 'Memory map', panel: () => <MemoryMapPanel /> },
};

const tabId = (t: DockTab) => `dock-tab-${t}`;

export function Dock() {
  const current = useExplorer((s) => s.dockTab);
  const setTab = useExplorer((s) => s.setDockTab);
  const problems = useExplorer((s) => s.counts.error + s.counts.warning);

  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = DOCK_TABS[(DOCK_TABS.indexOf(current) + step + DOCK_TABS.length) % DOCK_TABS.length]!;
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };

  return (
    <div className="dock">
      {DOCK_TABS.length > 1 ? (
        <div className="dock-tabs" role="tablist" aria-label="Panels" onKeyDown={onKey}>
          {DOCK_TABS.map((t) => (
            <button
              key={t}
              id={tabId(t)}
              type="button"
              role="tab"
              aria-selected={t === current}
              aria-controls="dock-panel"
              tabIndex={t === current ? 0 : -1}
              className="dock-tab"
              onClick={() => setTab(t)}
            >
              {PANELS[t].label}
              {t === 'validation' && problems > 0 ? <span className="dock-badge">{problems}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
      <div id="dock-panel" className="dock-panel" role="tabpanel" aria-labelledby={tabId(current)}>
        {PANELS[current].panel()}
      </div>
    </div>
  );
}
