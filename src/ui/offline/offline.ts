/**
 * The service worker that keeps the explorer working offline (built by vite-plugin-pwa, see
 * vite.config.ts). A new build's worker takes over as soon as it is installed; the page already
 * open keeps what it loaded, so the user only needs to hear that the next load is the new version.
 */
let updated = false;
const listeners = new Set<() => void>();

/**
 * Registers the service worker with `container` (navigator.serviceWorker; missing outside secure
 * contexts, where the explorer just stays online).
 */
export function registerOffline(container: ServiceWorkerContainer | undefined): void {
  if (!container) return;
  // A first visit gains a controller too: only a page that already had one is seeing an update.
  const hadController = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    if (!hadController || updated) return;
    updated = true;
    listeners.forEach((l) => l());
  });
  // register() alone does not look for a new build when one is installed: ask on every load.
  container
    .register('./sw.js')
    .then((r) => (hadController ? r.update() : undefined))
    .catch((e: unknown) => console.warn('offline use is not available:', e));
}

/** Whether a new version was installed while this page was open (for useSyncExternalStore). */
export const updateInstalled = (): boolean => updated;

export function onUpdateInstalled(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
