/**
 * The panels docked at the bottom of the workspace (validation, and the guest's views as they
 * come), one shown at a time behind a row of tabs. Arrow keys move between tabs, as in any
 * tablist; which tab shows lives in the store so that other views can bring one forward.
 */
import type { KeyboardEvent, ReactElement } from 'react';
import { useExplorer } from '../ExplorerContext.tsx';
import { ComparePanel } from '../compare/ComparePanel.tsx';
import { MemoryMapPanel } from '../memoryMap/MemoryMapPanel.tsx';
import { DOCK_TABS, type DockTab } from '../state/dockTab.ts';
import { MemoryPanel } from '../guest/MemoryPanel.tsx';
import { VcpuPanel } from '../guest/VcpuPanel.tsx';
import { SearchPanel } from '../search/SearchPanel.tsx';
import { ValidationPanel } from '../validation/ValidationPanel.tsx';
import './dock.css';

/** Each tab's label and panel, in DOCK_TABS order. */
const PANELS: Record<DockTab, { label: string; panel: () => ReactElement }> = {
  validation: { label: 'Validation', panel: () => <ValidationPanel /> },
  vcpus: { label: 'vCPUs', panel: () => <VcpuPanel /> },
  memory: { label: 'Memory', panel: () => <MemoryPanel /> },
  search: { label: 'Search', panel: () => <SearchPanel /> },
  compare: { label: 'Compare', panel: () => <ComparePanel /> },
  memoryMap: { label: 'Memory map', panel: () => <MemoryMapPanel /> },
};

const tabId = (t: DockTab) => `dock-tab-${t}`;

export function Dock() {
  const chosen = useExplorer((s) => s.dockTab);
  const setTab = useExplorer((s) => s.setDockTab);
  const problems = useExplorer((s) => s.counts.error + s.counts.warning);
  const comparing = useExplorer((s) => s.compare !== null);
  // The Compare tab is there while a file is compared.
  const tabs = DOCK_TABS.filter((t) => t !== 'compare' || comparing);
  const current = tabs.includes(chosen) ? chosen : tabs[0]!;

  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(tabs.indexOf(current) + step + tabs.length) % tabs.length]!;
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };

  return (
    <div className="dock">
      {tabs.length > 1 ? (
        <div className="dock-tabs" role="tablist" aria-label="Panels" onKeyDown={onKey}>
          {tabs.map((t) => (
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
