// The shared styles first: each view's own come after them, as they did in one sheet.
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SAMPLES } from '../generator/samples.ts';
import { App } from './App.tsx';
import { ExplorerProvider } from './ExplorerContext.tsx';
import { registerOffline } from './offline/offline.ts';
import { HistorySync, windowUrl } from './permalink/historySync.ts';
import { LinkFollower } from './permalink/LinkFollower.ts';
import { ExplorerController } from './scan/ExplorerController.ts';
import type { WorkerPort } from './scan/scanClient.ts';
import { createExplorerStore } from './state/store.ts';

const worker = new Worker(new URL('../worker/scanWorker.ts', import.meta.url), { type: 'module' });
const store = createExplorerStore();
worker.addEventListener('error', (e) => store.getState().failed(e.message || 'the scan worker stopped'));
const controller = new ExplorerController(store, worker as unknown as WorkerPort);
const links = new LinkFollower(store, controller);
const history = new HistorySync(store, links, windowUrl(window));

// A permalink opens what it points at; without one the explorer opens a sample, so that there is
// something to look at straight away.
if (!history.start()) controller.openSample(SAMPLES[0]!.name);

// The service worker exists in the built app only (the dev server serves sources as they change).
if (!import.meta.env.DEV) registerOffline(navigator.serviceWorker);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExplorerProvider controller={controller} links={links} history={history}>
      <App />
    </ExplorerProvider>
  </StrictMode>,
);
