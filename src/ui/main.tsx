import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SAMPLES } from '../generator/samples.ts';
import { App } from './App.tsx';
import { ExplorerProvider } from './ExplorerContext.tsx';
import { ExplorerController } from './scan/ExplorerController.ts';
import type { WorkerPort } from './scan/scanClient.ts';
import { createExplorerStore } from './state/store.ts';
import './styles/app.css';

const worker = new Worker(new URL('../worker/scanWorker.ts', import.meta.url), { type: 'module' });
const store = createExplorerStore();
worker.addEventListener('error', (e) => store.getState().failed(e.message || 'the scan worker stopped'));
const controller = new ExplorerController(store, worker as unknown as WorkerPort);

// The explorer opens on a built-in sample, so there is something to look at straight away.
controller.openSample(SAMPLES[0]!.name);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ExplorerProvider controller={controller}>
      <App />
    </ExplorerProvider>
  </StrictMode>,
);
