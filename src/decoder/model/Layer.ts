/** The stream layers a file can nest: outer wrappers, then xl → libxl → libxc (or legacy). */
export const Layer = {
  Xl: 0,
  Libvirt: 1,
  Xend: 2,
  Libxl: 3,
  Libxc: 4,
  Legacy: 5,
  /** Bytes after the outermost stream's end. */
  Trailing: 6,
} as const;
export type Layer = (typeof Layer)[keyof typeof Layer];

export const LAYER_NAMES: Record<Layer, string> = {
  [Layer.Xl]: 'xl',
  [Layer.Libvirt]: 'libvirt',
  [Layer.Xend]: 'xend',
  [Layer.Libxl]: 'libxl',
  [Layer.Libxc]: 'libxc',
  [Layer.Legacy]: 'legacy',
  [Layer.Trailing]: 'trailing',
};
