/** Renders explorer views over the real scan service (in-process) and store. */
import { render, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import { ExplorerProvider } from '../../../src/ui/ExplorerContext.tsx';
import { ExplorerController } from '../../../src/ui/scan/ExplorerController.ts';
import { createExplorerStore, type ExplorerStore } from '../../../src/ui/state/store.ts';
import { localWorker } from './localWorker.ts';

export function renderExplorer(ui: ReactElement, sourceFor?: Parameters<typeof localWorker>[0]) {
  const store = createExplorerStore();
  const port = localWorker(sourceFor);
  const controller = new ExplorerController(store, port);
  const view = render(<ExplorerProvider controller={controller}>{ui}</ExplorerProvider>);
  return { store, controller, port, ...view };
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
