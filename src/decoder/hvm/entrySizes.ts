/**
 * The sizes HVM context entries have had, by the Xen versions that wrote them (spec:
 * hvm-context.md §1.1, compiled from the public headers of Xen 4.2 … 4.22), so that an entry from
 * an older Xen is labelled as such rather than looking cut short.
 */
export const HVM_ENTRY_SIZES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  2: { 1016: 'Xen before 3.4: no msr_tsc_aux', 1024: 'Xen 3.4–4.6: no flags', 1032: 'Xen 4.7 and later' },
  5: { 24: 'Xen 4.20 and earlier', 32: 'Xen 4.21 and later: pending_esr' },
  11: { 16: 'Xen 4.13 and earlier', 24: 'Xen 4.14 and later: rtc_offset' },
  15: { 16: 'Xen 4.4 and earlier', 24: 'Xen 4.5', 32: 'Xen 4.6 and later' },
  17: { 8: 'Xen 4.2–4.6', 16: 'Xen 4.7–4.12', 216: 'Xen 4.13 and later' },
  18: { 8: 'Xen 4.2', 24: 'Xen 4.3–4.9', 32: 'Xen 4.10 and later: mcg_ext_ctl' },
};

/** "Xen 4.3–4.9" for an entry of that typecode and length, or null when no Xen wrote that size. */
export function entrySizeEra(typecode: number, length: number): string | null {
  return HVM_ENTRY_SIZES[typecode]?.[length] ?? null;
}
