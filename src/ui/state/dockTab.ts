/**
 * The panels docked below the fields and bytes, by id: the store keeps which one shows, so that
 * any view (a clicked address, a search shortcut) can bring its panel forward.
 */
export const DOCK_TABS = ['validation', 'search', 'vcpus', 'memory', 'memoryMap', 'compare'] as const;

export type DockTab = (typeof DOCK_TABS)[number];
