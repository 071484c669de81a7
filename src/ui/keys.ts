/** Keyboard shortcuts of single keys (G, L) must not fire while the user types in a box. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/** A key pressed without Ctrl, Cmd or Alt. */
export function isBareKey(e: KeyboardEvent, key: string): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && e.key === key;
}
