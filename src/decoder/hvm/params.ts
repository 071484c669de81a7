/** HVM_PARAM_* indices (spec: hvm-context.md §2). */
export const HVM_PARAM_NAMES: Record<number, string> = {
  0: 'CALLBACK_IRQ',
  1: 'STORE_PFN',
  2: 'STORE_EVTCHN',
  4: 'PAE_ENABLED',
  5: 'IOREQ_PFN',
  6: 'BUFIOREQ_PFN',
  7: 'NVRAM_FD (ia64 only, historical)',
  8: 'VHPT_SIZE (ia64 only, historical)',
  9: 'VIRIDIAN',
  10: 'TIMER_MODE',
  11: 'HPET_ENABLED',
  12: 'IDENT_PT',
  13: 'DM_DOMAIN',
  14: 'ACPI_S_STATE',
  15: 'VM86_TSS',
  16: 'VPT_ALIGN',
  17: 'CONSOLE_PFN',
  18: 'CONSOLE_EVTCHN',
  19: 'ACPI_IOPORTS_LOCATION',
  20: 'MEMORY_EVENT_CR0',
  21: 'MEMORY_EVENT_CR3',
  22: 'MEMORY_EVENT_CR4',
  23: 'MEMORY_EVENT_INT3',
  24: 'NESTEDHVM',
  25: 'MEMORY_EVENT_SINGLE_STEP',
  26: 'BUFIOREQ_EVTCHN',
  27: 'PAGING_RING_PFN',
  28: 'MONITOR_RING_PFN',
  29: 'SHARING_RING_PFN',
  30: 'MEMORY_EVENT_MSR',
  31: 'TRIPLE_FAULT_REASON',
  32: 'IOREQ_SERVER_PFN',
  33: 'NR_IOREQ_SERVER_PAGES',
  34: 'VM_GENERATION_ID_ADDR',
  35: 'ALTP2M',
  36: 'X87_FIP_WIDTH',
  37: 'VM86_TSS_SIZED',
  38: 'MCA_CAP',
};

export const HVM_PARAM = { STORE_PFN: 1, PAE_ENABLED: 4, IOREQ_PFN: 5, BUFIOREQ_PFN: 6, IDENT_PT: 12 } as const;

/** The params some Xen saver sends (libxc-stream.md §6.9); others are worth a warning. */
export const HVM_PARAMS_MIGRATED = new Set([1, 5, 6, 27, 28, 29, 37, 15, 17, 19, 9, 12, 4, 34, 32, 33, 36, 38]);

/** Params whose value is a guest PFN (public hvm/params.h: the *_PFN rings and pages). */
const PFN_PARAMS = new Set([1, 5, 6, 17, 27, 28, 29, 32]);
/**
 * Params whose value is a guest-physical address: IDENT_PT, VM86_TSS, VM_GENERATION_ID_ADDR,
 * and VM86_TSS_SIZED, whose address is its low 32 bits (the size is in the high ones).
 */
const ADDRESS_PARAMS: Readonly<Record<number, bigint>> = { 12: ~0n, 15: ~0n, 34: ~0n, 37: 0xffffffffn };

/** The guest PFN a param's value points at, or null when the value is not a location in guest memory. */
export function hvmParamPfn(index: number, value: bigint): number | null {
  if (PFN_PARAMS.has(index)) return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
  const mask = ADDRESS_PARAMS[index];
  if (mask === undefined || value === 0n) return null;
  return Number((value & mask) >> 12n);
}
