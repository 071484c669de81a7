/**
 * Which bytes of the file the hex view labels with guest addresses: the copy of the Memory
 * tab's page that is shown, and the guest address of its first byte (virtual when the page was
 * reached through a vCPU's page tables, else guest-physical).
 */
import { PAGE_BYTES } from '../../decoder/memory/paging.ts';
import type { GuestView } from '../state/store.ts';

export interface GuestRows {
  pfn: number;
  fileOffset: number;
  length: number;
  address: bigint;
  /** Hex digits the addresses are shown with. */
  digits: number;
}

const memo = new WeakMap<GuestView, GuestRows | null>();

export function guestRows(g: GuestView | null): GuestRows | null {
  if (!g) return null;
  let rows = memo.get(g);
  if (rows === undefined) {
    const p = g.page?.ok ? g.page.pieces[0] : undefined;
    const address = p?.virtual ?? BigInt(p?.physical ?? 0);
    // As many digits as the page's last address needs (at least 8): the column takes no more room than it must.
    const digits = Math.max(8, (address + BigInt(PAGE_BYTES - 1)).toString(16).length);
    rows = p && g.shownCopy !== null ? { pfn: p.pfn, fileOffset: g.shownCopy, length: PAGE_BYTES, address, digits } : null;
    memo.set(g, rows);
  }
  return rows;
}

/** The guest address of the first byte of [rowStart, rowStart + rowBytes) inside the page, or null when none is. */
export function guestAddressOfRow(rows: GuestRows, rowStart: number, rowBytes: number): bigint | null {
  const first = Math.max(rowStart, rows.fileOffset);
  if (first >= rows.fileOffset + rows.length || first >= rowStart + rowBytes) return null;
  return rows.address + BigInt(first - rows.fileOffset);
}
