import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { HistorySync } from './permalink/historySync.ts';
import type { LinkFollower } from './permalink/LinkFollower.ts';
import type { ExplorerController } from './scan/ExplorerController.ts';
import type { Explorer } from './state/store.ts';

interface Services {
  controller: ExplorerController;
  links: LinkFollower;
  history: HistorySync;
}

const ServicesContext = createContext<Services | null>(null);

/** Gives the views the controller (and through it, the store), the link follower and the URL's history. */
export function ExplorerProvider({ children, ...services }: Services & { children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('explorer views need an ExplorerProvider');
  return s;
}

export function useController(): ExplorerController {
  return useServices().controller;
}

export function useLinks(): LinkFollower {
  return useServices().links;
}

export function useHistorySync(): HistorySync {
  return useServices().history;
}

/** A slice of the store; re-renders when it changes (selectors must return stable values). */
export function useExplorer<T>(selector: (s: Explorer) => T): T {
  return useStore(useController().store, selector);
}
