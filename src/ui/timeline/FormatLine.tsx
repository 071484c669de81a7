import { describeFacts } from '../../decoder/scan/facts.ts';
import { useExplorer } from '../ExplorerContext.tsx';

/**
 * What the records make up, layer by layer ("xl → libxl v2 → libxc v3, x86 HVM, Xen 4.17"),
 * beside their count: the records pane has room for all of it, the header bar did not.
 */
export function FormatLine() {
  const facts = useExplorer((s) => s.facts);
  const line = facts ? describeFacts(facts) : '…';
  return (
    <span className="format-line" data-testid="facts" title={line}>
      {line}
    </span>
  );
}
