/** Xen's TSC modes (XEN_DOMCTL_TSC_MODE_*), which libxc's TSC_INFO and the legacy TSC chunk carry. */
export const TSC_MODE_NAMES: Record<number, string> = {
  0: 'DEFAULT',
  1: 'ALWAYS_EMULATE',
  2: 'NEVER_EMULATE',
  3: 'PVRDTSCP',
};
