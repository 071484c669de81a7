import { useEffect, useState } from 'react';

const DARK = '(prefers-color-scheme: dark)';
const hasMedia = () => typeof matchMedia === 'function';

/**
 * 'dark' or 'light', following the system setting as it changes: canvases read their colours
 * from the theme's CSS variables when they draw, so they must draw again when it flips.
 */
export function useColourScheme(): 'dark' | 'light' {
  const [dark, setDark] = useState(() => hasMedia() && matchMedia(DARK).matches);
  useEffect(() => {
    if (!hasMedia()) return;
    const query = matchMedia(DARK);
    const changed = () => setDark(query.matches);
    changed();
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return dark ? 'dark' : 'light';
}
