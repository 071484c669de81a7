/**
 * A domain config's text as numbered lines, each a field on its own bytes, so that a line of the
 * config embedded in a save image can be pointed at, highlighted and linked to like any field.
 */
import type { Dissection } from '../dissect/Dissection.ts';

/** Lines listed in the field tree; a longer config shows the rest as one span. */
const MAX_LINES = 5000;

/** `text` is the config's bytes at `at` of the span, one character a byte (latin1). */
export function dissectConfigLines(d: Dissection, at: number, text: string): void {
  if (!d.tree) return; // nothing to check: the lines are for the field tree only
  let pos = 0;
  let n = 0;
  while (pos < text.length) {
    if (n === MAX_LINES) {
      d.span(`… lines ${n + 1}-`, at + pos, text.length - pos, 'not listed');
      return;
    }
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    // Trailing CR and NUL padding dropped by a loop: a regex anchored at $ is quadratic on long NUL runs.
    let end = nl < 0 ? text.length : nl;
    while (end > pos && (text.charCodeAt(end - 1) === 0x0d || text.charCodeAt(end - 1) === 0)) end--;
    const line = text.slice(pos, end);
    n++;
    d.span(`line ${n}`, at + pos, next - pos, line, line);
    pos = next;
  }
}
