/**
 * Every key the explorer answers, by where it works: what the "?" list shows. Each group names
 * the modules whose handlers it describes: a key added there belongs here too.
 */
export interface Shortcut {
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  where: string;
  shortcuts: Shortcut[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    // App.tsx, useSearchKeys.ts, CopyLinkButton.tsx, KeyboardHelp.tsx
    where: 'Anywhere (outside a text box)',
    shortcuts: [
      { keys: ['Ctrl+F'], does: 'Search the file, the selected record or guest PFNs' },
      { keys: ['F3', 'Shift+F3'], does: 'Next / previous search match' },
      { keys: ['Ctrl+G', 'G'], does: 'Go to a file offset' },
      { keys: ['L'], does: 'Copy a link to what is selected' },
      { keys: ['?'], does: 'This list' },
    ],
  },
  {
    // Timeline.tsx
    where: 'Records',
    shortcuts: [{ keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], does: 'Select another record' }],
  },
  {
    // FieldTree.tsx
    where: 'Fields',
    shortcuts: [
      { keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], does: 'Move between fields' },
      { keys: ['→', '←'], does: 'Open / close a group' },
      { keys: ['Enter', 'Space'], does: 'Select the field (its bytes in the hex view)' },
      { keys: ['M'], does: 'Show the guest page a PFN field names' },
      { keys: ['Enter', 'Shift+Enter'], does: 'In Find in fields: next / previous found' },
    ],
  },
  {
    // HexView.tsx
    where: 'Hex',
    shortcuts: [{ keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], does: 'Scroll by a row, a page, to the ends' }],
  },
  {
    // FileMap.tsx, RoundsChart.tsx
    where: 'File map and Rounds chart',
    shortcuts: [
      { keys: ['←', '→'], does: 'A pixel of the file / the previous or next round' },
      { keys: ['PgUp', 'PgDn'], does: 'A tenth of the file' },
      { keys: ['Home', 'End'], does: 'To either end' },
    ],
  },
  {
    // PfnGrid.tsx
    where: 'Memory map',
    shortcuts: [
      { keys: ['←', '→', '↑', '↓'], does: 'Move the cursor cell' },
      { keys: ['+', '−'], does: 'Zoom in / out' },
      { keys: ['PgUp', 'PgDn', 'Home', 'End'], does: 'Pan a screen, to either end' },
      { keys: ['Enter', 'Space'], does: "Select the cell's last copy: its page, or the record holding it" },
    ],
  },
  {
    // Dock.tsx, useMenu.ts, Splitter.tsx
    where: 'Tabs, menus and pane borders',
    shortcuts: [
      { keys: ['←', '→'], does: 'The previous / next tab of the bottom panels' },
      { keys: ['↑', '↓', 'Home', 'End'], does: 'Move through an open menu' },
      { keys: ['Esc'], does: 'Close a menu or this list' },
      { keys: ['←', '→', '↑', '↓'], does: 'Move a focused pane border (with Shift, further)' },
    ],
  },
];
