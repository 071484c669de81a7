/**
 * A domain config's text as numbered lines, each a field on its own bytes, so that a line of the
 * config embedded in a save image can be pointed at, highlighted and linked to like any field.
 */
import type { Dissection } from '../dissect/Dissection.ts';

/** Lines listed in the field tree; a longer config shows the rest as one span. */
const MAX_LINES = 5000;

/** `text` is the config's bytes at `at` of the span, one character a byte (latin1). */
export function dissectConfigLines(d: Dissection, at: number, text: string): void {
  let pos = 0;
  let n = 0;
  while (pos < text.length) {
    if (n === MAX_LINES) {
      d.span(`… lines ${n + 1}-`, at + pos, text.length - pos, 'not listed');
      return;
    }
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/[\r\0]+$/, '');
    n++;
    d.span(`line ${n}`, at + pos, next - pos, line, line);
    pos = next;
  }
}
