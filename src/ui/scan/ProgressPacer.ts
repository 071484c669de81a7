/**
 * Passes a scan's progress messages on to the page at most as often as it can show them. Each
 * update re-renders the views that show the scan and repaints the window: on a dense stream in
 * headless Chromium on a loaded machine that took about 40 ms of script and layout a message,
 * plus a paint of 20–50 ms, against a message from the worker every 100 ms, so the page was
 * busy nearly all the time and its frames ran over 50 ms. So after an update the page has PACE
 * times what it cost to itself (at least MIN_GAP_MS, at most MAX_GAP_MS) before the next; the
 * messages that came meanwhile are shown together, in order, none dropped.
 */
export const MIN_GAP_MS = 100;
export const MAX_GAP_MS = 1000;
/** Updates take at most a sixth of the page's time, paints aside. */
export const PACE = 5;

export class ProgressPacer<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;
  private gap = MIN_GAP_MS;

  constructor(
    private readonly show: (updates: T[]) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** A message arrived: shown at once when the last update is long enough ago, else with the next. */
  add(update: T): void {
    this.pending.push(update);
    if (this.timer !== null) return;
    const wait = this.last + this.gap - this.clock();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Shows what is pending now (the scan ended). */
  flush(): void {
    this.stopTimer();
    const updates = this.pending.splice(0);
    if (!updates.length) return;
    const start = this.clock();
    this.last = start;
    this.show(updates);
    // React renders what the update changed in a microtask queued during `show`: this one runs after it.
    queueMicrotask(() => {
      this.last = this.clock();
      this.gap = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, PACE * (this.last - start)));
    });
  }

  /** Forgets what is pending (another file was opened). */
  clear(): void {
    this.stopTimer();
    this.pending = [];
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
