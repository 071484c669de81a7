/**
 * The URL and the store kept in step, in this one place. The hash holds the link of what is on
 * screen (currentLink.ts); going Back or Forward, or editing the hash, follows the link it then
 * holds (LinkFollower.ts).
 *
 * History is coalesced so that Back walks the selections a person settled on: a change of
 * selection (or of file) after a quiet spell of COALESCE_MS pushes a new entry; changes that
 * follow it before such a spell passes replace that entry. Holding an arrow key through 500
 * records makes one entry. Moving the hex view alone never pushes, and neither does the first
 * selection in a file just opened. Following a link replaces its own entry with where it landed.
 *
 * Browsers refuse history calls that come too fast (Safari: 100 in 30 s; Chromium: 200 in 10 s),
 * so writes are rationed: WRITE_BURST at once, then one per COALESCE_MS, the latest state
 * written when its turn comes.
 */
import type { ExplorerState, ExplorerStore } from '../state/store.ts';
import { currentLink } from './currentLink.ts';
import { parseHash, writeHash, type LinkState } from './hash.ts';
import type { LinkFollower } from './LinkFollower.ts';

export const COALESCE_MS = 400;
/** History writes allowed at once; with one more per COALESCE_MS, at most 95 in 30 s. */
export const WRITE_BURST = 20;

/** The address bar as the sync sees it: a window's (windowUrl), or a test's. */
export interface UrlPort {
  /** "#v=1&…", or "" for none. */
  readonly hash: string;
  readonly href: string;
  push(hash: string): void;
  replace(hash: string): void;
  /** Calls `listener` when the hash changes by navigation (Back, Forward, an edited address). */
  onHashChange(listener: () => void): void;
}

export function windowUrl(w: Window): UrlPort {
  // No hash leaves no "#" behind.
  const url = (hash: string) => hash || w.location.pathname + w.location.search;
  return {
    get hash() {
      return w.location.hash === '#' ? '' : w.location.hash;
    },
    get href() {
      return w.location.href;
    },
    push: (hash) => w.history.pushState(null, '', url(hash)),
    replace: (hash) => w.history.replaceState(null, '', url(hash)),
    // Back and Forward between entries that differ in the hash fire hashchange too (the HTML standard fires it on traversal).
    onHashChange: (listener) => w.addEventListener('hashchange', listener),
  };
}

type Timer = ReturnType<typeof setTimeout>;

const following = (s: ExplorerState) => s.link !== null && s.link.stage !== 'mismatch';
/** What decides whether a change is a new step in history: the link without the hex position. */
const keyOf = (link: LinkState | null) => (link ? writeHash({ ...link, top: null }) : '');

export class HistorySync {
  /** The hash in the address bar, as last written or read. */
  private shown = '';
  /** The link of the latest state, without the hex position. */
  private key = '';
  /** The latest state is an open file with nothing selected yet: its first selection is no new step. */
  private spotless = false;
  /** Running until COALESCE_MS pass without a step. */
  private quiet: Timer | null = null;
  /** A write waiting for its turn, and whether it starts a new entry. */
  private pending: { timer: Timer; push: boolean } | null = null;
  /** Whether the current entry holds a state: the page's own entry is written over until it does. */
  private written = false;
  /**
   * The state last looked at. A store listener may be called late, with a state a nested update
   * (the link follower's) has already replaced, so the sync reads the store, not its arguments.
   */
  private seen: ExplorerState;
  private tokens = WRITE_BURST;
  private refilled = Date.now();

  constructor(
    private readonly store: ExplorerStore,
    private readonly follower: LinkFollower,
    private readonly url: UrlPort,
    private readonly coalesceMs = COALESCE_MS,
  ) {
    this.seen = store.getState();
  }

  /** Follows the link the page was opened with; false when it has none. */
  start(): boolean {
    this.shown = this.url.hash;
    const parsed = parseHash(this.shown);
    this.remember(parsed.link);
    this.written = parsed.link !== null;
    this.store.subscribe(() => this.changed());
    this.url.onHashChange(() => this.navigated());
    if (!parsed.link && parsed.problems.length === 0) return false;
    this.follower.follow(parsed);
    return true;
  }

  /** The address of what is on screen, written now if it was waiting for its turn. */
  href(): string {
    const push = this.pending?.push ?? false;
    this.cancelPending();
    this.write(push);
    return this.url.href;
  }

  /** The hash for `s`, or null while an opening file's fingerprint is still on its way. */
  private hashOf(s: ExplorerState): string | null {
    if (!following(s) && s.file && s.file.sample === undefined && s.file.fingerprint === undefined) return null;
    const link = currentLink(s);
    return link ? writeHash(link) : '';
  }

  private remember(link: LinkState | null): void {
    this.key = keyOf(link);
    this.spotless = link !== null && link.spot === null;
  }

  private changed(): void {
    const s = this.store.getState();
    const prev = this.seen;
    this.seen = s;
    if (s.link === prev.link && s.selection === prev.selection && s.hexTopRow === prev.hexTopRow && s.file === prev.file && s.guest === prev.guest && s.compare?.file === prev.compare?.file && s.wantedCompare === prev.wantedCompare) return;
    const hash = this.hashOf(s);
    if (hash === null) return;
    const link = currentLink(s);
    const step = keyOf(link) !== this.key;
    const push = step && this.quiet === null && this.written && !this.spotless && !(following(prev) && !following(s));
    this.remember(link);
    if (step) this.restartQuiet();
    if (hash === this.shown) this.cancelPending();
    else this.schedule(push);
  }

  /** Back, Forward, or an edited hash: follow the link it holds. */
  private navigated(): void {
    const hash = this.url.hash;
    if (hash === this.shown) return;
    // What was waiting belongs to the entry left behind, not to this one.
    this.clear();
    this.shown = hash;
    const parsed = parseHash(hash);
    this.remember(parsed.link);
    this.follower.follow(parsed);
  }

  /** Writes now if the ration allows, else when it does (a push stays a push meanwhile). */
  private schedule(push: boolean): void {
    const asPush = push || (this.pending?.push ?? false);
    if (this.pending) return void (this.pending.push = asPush);
    const wait = this.takeToken();
    if (wait === 0) return this.write(asPush);
    this.pending = {
      push: asPush,
      timer: setTimeout(() => {
        const p = this.pending!;
        this.pending = null;
        this.takeToken();
        this.write(p.push);
      }, wait),
    };
  }

  /** Takes a write from the ration: 0 when one is there, else how long until there is. */
  private takeToken(): number {
    const now = Date.now();
    this.tokens = Math.min(WRITE_BURST, this.tokens + (now - this.refilled) / this.coalesceMs);
    this.refilled = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * this.coalesceMs);
  }

  private write(push: boolean): void {
    const hash = this.hashOf(this.store.getState());
    if (hash === null || hash === this.shown) return;
    if (push) this.url.push(hash);
    else this.url.replace(hash);
    this.shown = hash;
    this.written = true;
  }

  private restartQuiet(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => (this.quiet = null), this.coalesceMs);
  }

  private cancelPending(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  private clear(): void {
    this.cancelPending();
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
  }
}
