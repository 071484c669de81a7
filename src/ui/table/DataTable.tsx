/**
 * A table of a panel: a header row naming the columns, then a row per item. The statistics, the
 * Compare tab and its page rows all show their data this way; a cell is text or any element, with
 * its own class when it needs one (a removed or added value). A row with an action takes the
 * keyboard's focus too, and Enter or Space does it.
 */
import type { KeyboardEvent, ReactElement, ReactNode } from 'react';

export interface DataCell {
  content: ReactNode;
  className?: string;
}

export interface DataRow {
  key: string | number;
  cells: (ReactNode | DataCell)[];
  onClick?: () => void;
}

const isCell = (c: ReactNode | DataCell): c is DataCell => typeof c === 'object' && c !== null && 'content' in c;

/** A row that does something: a click, or Enter or Space once the keyboard has reached it. */
function actionable(act: () => void) {
  return {
    tabIndex: 0,
    className: 'actionable',
    onClick: act,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      act();
    },
  };
}

export function DataTable({ label, columns, rows, className }: { label?: string; columns: string[]; rows: DataRow[]; className?: string }): ReactElement {
  return (
    <table aria-label={label} className={className}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} {...(r.onClick ? actionable(r.onClick) : {})}>
            {r.cells.map((c, i) =>
              isCell(c) ? (
                <td key={columns[i]} className={c.className}>
                  {c.content}
                </td>
              ) : (
                <td key={columns[i]}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
