/**
 * A domain config's text as numbered lines, each a field on its own bytes, so that a line of the
 * config embedded in a save image can be pointed at, highlighted and linked to like any field.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { sizeText } from '../dissect/show.ts';
import type { DomainConfig } from './domainConfig.ts';

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

/** The config group's one-line summary: its language, size and what it says of the domain. */
export function describeConfig(c: DomainConfig, length: number): string {
  const kind = c.format === 'json' ? 'libxl JSON' : c.format === 'xml' ? 'libvirt XML' : c.format === 'sxp' ? 'xend SXP' : 'xl config text';
  const facts = [c.name && `name ${c.name}`, c.type && `type ${c.type}`, c.vcpus && `${c.vcpus} vCPU(s)`, c.memoryKiB && sizeText(c.memoryKiB * 1024)].filter(Boolean);
  return `${kind}, ${length} bytes${facts.length ? ': ' + facts.join(', ') : ''}`;
}
