/**
 * An address in the guest, as people give it: a PFN, a guest-physical address, or a
 * guest-virtual one with the vCPU whose page tables translate it. The explorer's Memory tab,
 * its links and the worker's reads all speak it.
 */
import { PAGE_BYTES } from './paging.ts';

export type GuestAddress = { kind: 'pfn'; pfn: number } | { kind: 'physical'; address: number } | { kind: 'virtual'; address: bigint; vcpu: number };

const hexOf = (v: number | bigint): string => `0x${v.toString(16)}`;

/** "PFN 0x1f", "guest-physical 0x1f000", "virtual 0xffff… (vCPU 0)". */
export function describeGuestAddress(a: GuestAddress): string {
  if (a.kind === 'pfn') return `PFN ${hexOf(a.pfn)}`;
  if (a.kind === 'physical') return `guest-physical ${hexOf(a.address)}`;
  return `virtual ${hexOf(a.address)} (vCPU ${a.vcpu})`;
}

/** The start of the page holding `a`, in its own space (a PFN is its page's first byte). */
export function pageStart(a: GuestAddress): GuestAddress {
  if (a.kind === 'pfn') return a;
  if (a.kind === 'physical') return { kind: 'physical', address: a.address - (a.address % PAGE_BYTES) };
  return { ...a, address: a.address & ~BigInt(PAGE_BYTES - 1) };
}

/** Byte offset of `a` inside its page. */
export const offsetInPage = (a: GuestAddress): number => (a.kind === 'pfn' ? 0 : a.kind === 'physical' ? a.address % PAGE_BYTES : Number(a.address & BigInt(PAGE_BYTES - 1)));

/** Whether two addresses are the same. */
export const sameGuestAddress = (a: GuestAddress | null, b: GuestAddress | null): boolean =>
  a === b || (a !== null && b !== null && a.kind === b.kind && describeGuestAddress(a) === describeGuestAddress(b));
