/**
 * xen_cr3_to_pfn and xen_pfn_to_cr3 (xen/include/public/arch-x86/xen.h): a 64-bit PV guest keeps
 * the PFN in cr3 bits 12+; a 32-bit (PAE) one folds PFN bits 20+ into cr3 bits 0-11.
 */
export function pvCr3Pfn(width: 4 | 8, cr3: bigint): number {
  if (width === 8) return Number(cr3 >> 12n);
  const v = Number(cr3 & 0xffffffffn);
  return ((v >>> 12) | ((v & 0xfff) << 20)) >>> 0;
}

export function pvPfnToCr3(width: 4 | 8, pfn: number): bigint {
  if (width === 8) return BigInt(pfn) << 12n;
  return BigInt(((pfn << 12) | (pfn >>> 20)) >>> 0);
}
