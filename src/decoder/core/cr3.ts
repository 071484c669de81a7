/**
 * xen_cr3_to_pfn and xen_pfn_to_cr3 (xen/include/public/arch-x86/xen.h): 64-bit guests keep the
 * PFN in cr3 bits 12+; 32-bit (PAE) ones fold PFN bits 20+ into cr3 bits 0-11.
 */
export function cr3ToPfn(cr3: number, width: number): number {
  if (width === 8) return Math.floor(cr3 / 4096);
  return ((cr3 >>> 12) | ((cr3 & 0xfff) << 20)) >>> 0;
}

export function pfnToCr3(pfn: number, width: number): number {
  if (width === 8) return pfn * 4096;
  return ((pfn << 12) | (pfn >>> 20)) >>> 0;
}
