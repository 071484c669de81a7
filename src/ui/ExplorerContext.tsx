import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ExplorerController } from './scan/ExplorerController.ts';
import type { Explorer } from './state/store.ts';

const ControllerContext = createContext<ExplorerController | null>(null);

/** Gives the views the controller (and through it, the store). */
export function ExplorerProvider({ controller, children }: { controller: ExplorerController; children: ReactNode }) {
  return <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>;
}

export function useController(): ExplorerController {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController outside ExplorerProvider');
  return c;
}

/** A slice of the store; re-renders when it changes (selectors must return stable values). */
export function useExplorer<T>(selector: (s: Explorer) => T): T {
  return useStore(useController().store, selector);
}
