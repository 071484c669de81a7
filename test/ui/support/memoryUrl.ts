/** An address bar and its history in memory, for the URL sync without a browser. */
import type { UrlPort } from '../../../src/ui/permalink/historySync.ts';

export interface MemoryUrl extends UrlPort {
  /** Every entry's hash, oldest first. */
  entries: string[];
  /** The current entry's index. */
  at: number;
  /** How many times history was written (push or replace). */
  writes: number;
  back(): void;
  forward(): void;
  /** Types a new hash into the address bar. */
  visit(hash: string): void;
}

export function memoryUrl(initial = ''): MemoryUrl {
  const listeners = new Set<() => void>();
  const go = (to: number) => {
    if (to < 0 || to >= url.entries.length || to === url.at) return;
    const before = url.hash;
    url.at = to;
    if (url.hash !== before) listeners.forEach((l) => l());
  };
  const url: MemoryUrl = {
    entries: [initial],
    at: 0,
    writes: 0,
    get hash() {
      return url.entries[url.at]!;
    },
    get href() {
      return `http://127.0.0.1/explorer/${url.hash}`;
    },
    push(hash) {
      url.entries.splice(url.at + 1, Infinity, hash);
      url.at++;
      url.writes++;
    },
    replace(hash) {
      url.entries[url.at] = hash;
      url.writes++;
    },
    onHashChange(listener) {
      listeners.add(listener);
    },
    back: () => go(url.at - 1),
    forward: () => go(url.at + 1),
    visit(hash) {
      url.entries.splice(url.at + 1, Infinity, hash);
      go(url.at + 1);
    },
  };
  return url;
}
