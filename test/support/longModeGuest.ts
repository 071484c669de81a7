/**
 * A generated HVM guest in long mode whose page tables and page contents are known, for the
 * guest memory tests: code at rip in PFN 30, the stack page in PFN 31, the next virtual page
 * mapped to PFN 32, which is never sent; page tables from PFN 200 on (cr3 = PFN 200). Page PFN p
 * holds bytes (p + i + pass) & 0xff, so every byte says where (and from which resend) it came.
 */
import { buildStream } from '../../src/generator/index.ts';
import { PageTableBuilder } from '../../src/generator/pageTables.ts';

export const rip = 0xffffffff81000040n;
export const rsp = 0xffffc90000003f80n;

export const known = (pfn: number, pass = 0) => Uint8Array.from({ length: 4096 }, (_, i) => (pfn + i + pass) & 0xff);

/** The stream, two vCPUs; `resend` lists the PFNs each further pass sends again. */
export function longModeGuest(resend: number[][] = []): Uint8Array {
  let next = 200;
  const tables = new PageTableBuilder('long', () => next++);
  tables.map(0xffffffff81000000n, 30);
  tables.map(0xffffc90000003000n, 31);
  tables.map(0xffffc90000004000n, 32);
  const cpu = { cr0: 0x80050033n, cr3: BigInt(tables.rootPfn * 4096), cr4: 0x6a0n, efer: 0xd01n, rip, rsp };
  return buildStream({ guest: 'hvm', pages: 256, batch: 64, vcpus: 2, image: { cpu, omit: [32], resend, page: (pfn, pass) => tables.tables.get(pfn) ?? known(pfn, pass) } });
}
