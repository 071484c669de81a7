/**
 * A menu button's behaviour (the Samples and Export menus): opening focuses the first item,
 * ↑ ↓ Home End move between items, Escape closes and gives focus back to the button, and a
 * click anywhere else closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export function useMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (to !== undefined) items[(to + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };

  return { open, setOpen, root, button, onKeyDown };
}
