/**
 * Search's keys, anywhere on the page: Ctrl+F (outside a text box, where the browser's own find
 * stays) shows the Search panel with its query box focused; F3 and Shift+F3 go to the next and
 * previous match.
 */
import { useEffect } from 'react';
import { useController } from '../ExplorerContext.tsx';
import { isTyping } from '../keys.ts';

export function useSearchKeys(): void {
  const controller = useController();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f' && !isTyping(e.target)) {
        if (!controller.store.getState().file) return;
        e.preventDefault();
        controller.store.getState().focusSearch();
      } else if (e.key === 'F3' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (!controller.store.getState().search?.reply?.matches.length) return;
        e.preventDefault();
        controller.stepMatch(e.shiftKey ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
