/**
 * Search's keys, anywhere on the page: Ctrl+F (outside a text box, where the browser's own find
 * stays, or in the query box itself) shows the Search panel with its query selected; F3 and
 * Shift+F3 go to the next and previous match.
 */
import { useEffect } from 'react';
import { useController } from '../ExplorerContext.tsx';
import { isTyping } from '../keys.ts';
import { SEARCH_INPUT_ID } from './SearchPanel.tsx';

export function useSearchKeys(): void {
  const controller = useController();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f' && (!isTyping(e.target) || (e.target as HTMLElement).id === SEARCH_INPUT_ID)) {
        if (!controller.store.getState().file) return;
        e.preventDefault();
        controller.store.getState().focusSearch();
      } else if (e.key === 'F3' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (!controller.store.getState().search?.reply?.matches.length) return;
        e.preventDefault();
        controller.search.step(e.shiftKey ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller]);
}
