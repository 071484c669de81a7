import type { Dissection } from '../dissect/Dissection.ts';
import { hex } from '../dissect/show.ts';
import { PAGE_TYPE_NAMES } from './pageTypes.ts';
import { PAGE_SIZE, TREE_ARRAY_LIMIT } from './sizes.ts';

/**
 * One field per page of a run of page contents starting at span offset `at` and ending at
 * `end`, in the order of the data-carrying PFN entries given; the rest is summarised. PAGE_DATA
 * and legacy page batches lay their pages out alike, after their PFN arrays.
 */
export function pageRunFields(d: Dissection, at: number, end: number, pages: Iterable<{ index: number; pfn: number; type: number }>): void {
  let shown = 0;
  for (const p of pages) {
    if (shown >= TREE_ARRAY_LIMIT || at + PAGE_SIZE > end) break;
    d.field(`page ${hex(p.pfn)}`, at, PAGE_SIZE, p.pfn, `${PAGE_TYPE_NAMES[p.type] ?? `type ${p.type}`} page, pfn[${p.index}]`);
    at += PAGE_SIZE;
    shown++;
  }
  if (at < end) d.field(shown >= TREE_ARRAY_LIMIT ? '… more pages' : 'rest of body', at, end - at, null, `${end - at} bytes`);
}
