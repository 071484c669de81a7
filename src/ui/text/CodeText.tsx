import type { ReactNode } from 'react';

/** Text with `backticked` words shown as code, as the sample descriptions are written. */
export function CodeText({ text }: { text: string }): ReactNode {
  return text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}
