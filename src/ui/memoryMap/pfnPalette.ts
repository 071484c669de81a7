/**
 * The guest memory map's colours, by PfnClass (the values are CSS variables in memoryMap.css).
 * Hues from the Okabe–Ito palette, which stays apart for red-green colour blindness: blues go
 * further from the background the more often a page was sent (darker in the light theme,
 * lighter in the dark), page tables are orange, pages named without contents a muted reddish
 * purple (an HVM guest names most of its PFN space so, which should not outshout its memory),
 * and what was never sent is a grey near the theme's background.
 */
import { PFN_CLASS_NAMES, PfnClass } from '../../decoder/overview/memoryMap.ts';
import type { PaletteEntry } from './PfnGrid.tsx';

export const PFN_PALETTE: readonly PaletteEntry[] = [
  { label: PFN_CLASS_NAMES[PfnClass.NeverSent], colour: 'var(--map-never)' },
  { label: PFN_CLASS_NAMES[PfnClass.SentOnce], colour: 'var(--map-once)' },
  { label: PFN_CLASS_NAMES[PfnClass.SentTwice], colour: 'var(--map-twice)' },
  { label: PFN_CLASS_NAMES[PfnClass.SentThreeTimesOrMore], colour: 'var(--map-more)' },
  { label: PFN_CLASS_NAMES[PfnClass.PageTable], colour: 'var(--map-table)' },
  { label: PFN_CLASS_NAMES[PfnClass.NoData], colour: 'var(--map-nodata)' },
];
