/** Renders explorer views over the real scan service (in-process), store and link handling. */
import { render, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import { ExplorerProvider } from '../../../src/ui/ExplorerContext.tsx';
import { HistorySync } from '../../../src/ui/permalink/historySync.ts';
import { LinkFollower } from '../../../src/ui/permalink/LinkFollower.ts';
import { ExplorerController } from '../../../src/ui/scan/ExplorerController.ts';
import { createExplorerStore, type ExplorerStore } from '../../../src/ui/state/store.ts';
import { localWorker } from './localWorker.ts';
import { memoryUrl } from './memoryUrl.ts';

/** The explorer's parts as main.tsx wires them, with the address bar in memory (`url`). */
export function explorerParts(options: { sourceFor?: Parameters<typeof localWorker>[0]; hash?: string; coalesceMs?: number } = {}) {
  const store = createExplorerStore();
  const port = localWorker(options.sourceFor);
  const controller = new ExplorerController(store, port);
  const links = new LinkFollower(store, controller);
  const url = memoryUrl(options.hash);
  const history = new HistorySync(store, links, url, options.coalesceMs);
  return { store, port, controller, links, url, history };
}

export function renderExplorer(ui: ReactElement, options: Parameters<typeof explorerParts>[0] = {}) {
  const parts = explorerParts(options);
  const view = render(
    <ExplorerProvider controller={parts.controller} links={parts.links} history={parts.history}>
      {ui}
    </ExplorerProvider>,
  );
  return { ...parts, ...view };
}

export async function scanned(store: ExplorerStore): Promise<void> {
  await waitFor(() => expect(store.getState().status).toBe('done'), { timeout: 10_000 });
}

/** Waits until the selected record's field tree has arrived. */
export async function decoded(store: ExplorerStore, record?: number): Promise<void> {
  await waitFor(() => {
    const s = store.getState();
    expect(s.fields).not.toBeNull();
    expect(s.fields!.record).toBe(record ?? s.selection?.record);
  });
}
