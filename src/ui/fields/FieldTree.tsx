/**
 * The selected record's fields, as Wireshark's packet details: name, value, offset, length.
 * An ARIA tree (roving focus, arrows to move and open/close); selection follows focus, and
 * hovering a row highlights its bytes in the hex view. A find box marks the rows whose name or
 * value holds a text (a domain config's lines, say), opens their groups, and Enter goes to the next.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FieldPath } from '../../decoder/model/Field.ts';
import { kindOf } from '../../decoder/kinds.ts';
import { entryName } from '../../decoder/names.ts';
import { useController, useExplorer } from '../ExplorerContext.tsx';
import { count, hexOffset, offsetDigits } from '../format.ts';
import { AddressLink } from '../guest/AddressLink.tsx';
import { findFields } from './fieldFind.ts';
import { initiallyExpanded, pathKey, treeRows, withAncestors, type TreeRow } from './treeRows.ts';
import './fields.css';

export function FieldTree() {
  const fields = useExplorer((s) => s.fields);
  const record = useExplorer((s) => s.selection?.record ?? -1);
  const error = useExplorer((s) => s.fieldsError);
  const index = useExplorer((s) => s.index);
  const scanId = useExplorer((s) => s.scanId);
  const e = record >= 0 && record < index.count ? index.get(record) : null;
  const title = e ? `#${record} ${entryName(e.layer, e.type, e.flags)}` : 'Fields';
  // A legacy entry: what "Convert to v2…" makes of it.
  const convertsTo = e ? kindOf(e.layer, e.flags, e.type).convertsTo : undefined;
  const [find, setFind] = useState('');
  const found = useMemo(() => (fields && fields.record === record ? findFields(fields.tree, find) : []), [fields, record, find]);
  const controller = useController();
  const selectedPath = useExplorer((s) => s.selection?.fieldPath ?? null);
  const nextFound = (step: 1 | -1) => {
    if (!found.length) return;
    const at = selectedPath ? found.findIndex((p) => pathKey(p) === pathKey(selectedPath)) : -1;
    controller.selectField(found[at < 0 ? (step > 0 ? 0 : found.length - 1) : (at + step + found.length) % found.length]!);
  };
  return (
    <section className="pane fields-pane" aria-labelledby="fields-title">
      <div className="pane-head">
        <h2 id="fields-title">{title}</h2>
        {e ? <span className="pane-count mono">{hexOffset(e.offset)}, {count(e.length)} bytes</span> : null}
        <input
          className="tree-find"
          type="search"
          aria-label="Find in fields"
          placeholder="Find in fields"
          value={find}
          spellCheck={false}
          autoComplete="off"
          onChange={(ev) => setFind(ev.target.value)}
          onKeyDown={(ev) => {
            if (ev.key !== 'Enter') return;
            ev.preventDefault();
            nextFound(ev.shiftKey ? -1 : 1);
          }}
        />
        {find.trim() ? (
          <span className="pane-count" aria-live="polite">
            {count(found.length)} found
          </span>
        ) : null}
      </div>
      {convertsTo ? (
        <p className="fields-converts" aria-label="In a v2 stream" title={convertsTo}>
          In v2: {convertsTo}
        </p>
      ) : null}
      {fields && fields.record === record ? (
        <Tree key={`${scanId}:${record}`} found={found} />
      ) : (
        <div role="tree" aria-label="Fields" className="tree tree-empty" aria-busy={record >= 0 && !error}>
          <p className="empty-note">{error ? `Could not decode this record: ${error}` : record >= 0 ? 'Decoding…' : 'Select a record to see its fields.'}</p>
        </div>
      )}
    </section>
  );
}

function Tree({ found }: { found: readonly FieldPath[] }) {
  const controller = useController();
  const fields = useExplorer((s) => s.fields)!;
  const selectedPath = useExplorer((s) => s.selection?.fieldPath ?? null);
  const setHover = useExplorer((s) => s.setHover);
  const digits = useExplorer((s) => offsetDigits(s.file?.size ?? 0));
  const [expanded, setExpanded] = useState(() => initiallyExpanded(fields.tree));
  const selectedKey = selectedPath ? pathKey(selectedPath) : null;
  const [focusKey, setFocusKey] = useState<string | null>(selectedKey);
  const treeRef = useRef<HTMLDivElement>(null);

  // A field selected elsewhere (a click in the hex view) opens its ancestors and comes into view.
  useEffect(() => {
    if (!selectedPath) return;
    setExpanded((x) => withAncestors(x, selectedPath));
    setFocusKey(pathKey(selectedPath));
  }, [selectedPath]);
  useEffect(() => {
    if (!selectedKey) return;
    treeRef.current?.querySelector(`[data-path="${selectedKey}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey, expanded]);

  // Found fields are shown: their groups open.
  useEffect(() => {
    if (!found.length) return;
    setExpanded((x) => {
      const y = new Set(x);
      for (const p of found) for (let n = 1; n < p.length; n++) y.add(pathKey(p.slice(0, n)));
      return y;
    });
  }, [found]);
  const foundKeys = useMemo(() => new Set(found.map(pathKey)), [found]);

  const rows = useMemo(() => treeRows(fields.tree, expanded), [fields.tree, expanded]);
  const focusIndex = Math.max(0, rows.findIndex((r) => r.key === focusKey));

  const focusRow = (r: TreeRow | undefined, select = true) => {
    if (!r) return;
    setFocusKey(r.key);
    if (select) controller.selectField(r.path);
    treeRef.current?.querySelector<HTMLElement>(`[data-path="${r.key}"]`)?.focus();
  };
  const toggle = (r: TreeRow, open: boolean) =>
    setExpanded((x) => {
      const y = new Set(x);
      if (open) y.add(r.key);
      else y.delete(r.key);
      return y;
    });

  /** Rows PgUp/PgDn move by: a screenful less one, as in the records and the hex view. */
  const pageRows = () => {
    const tree = treeRef.current;
    const row = tree?.querySelector<HTMLElement>('.tree-row')?.offsetHeight || 21;
    return Math.max(1, Math.floor((tree?.clientHeight ?? 0) / row) - 1);
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    const r = rows[focusIndex];
    if (!r) return;
    let handled = true;
    switch (ev.key) {
      case 'PageDown':
        focusRow(rows[Math.min(rows.length - 1, focusIndex + pageRows())]);
        break;
      case 'PageUp':
        focusRow(rows[Math.max(0, focusIndex - pageRows())]);
        break;
      case 'ArrowDown':
        focusRow(rows[focusIndex + 1]);
        break;
      case 'ArrowUp':
        focusRow(rows[focusIndex - 1]);
        break;
      case 'Home':
        focusRow(rows[0]);
        break;
      case 'End':
        focusRow(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        if (r.expandable && !r.expanded) toggle(r, true);
        else if (r.expanded) focusRow(rows[focusIndex + 1]);
        break;
      case 'ArrowLeft':
        if (r.expanded) toggle(r, false);
        else focusRow(rows.find((p) => p.key === r.parent));
        break;
      case 'Enter':
      case ' ':
        controller.selectField(r.path);
        if (r.expandable) toggle(r, !r.expanded);
        break;
      case 'm':
      case 'M':
        // A field holding a guest PFN: its page in the Memory tab.
        if (r.field.pfn === undefined) handled = false;
        else void controller.showGuest({ kind: 'pfn', pfn: r.field.pfn });
        break;
      default:
        handled = false;
    }
    if (handled) ev.preventDefault();
  };

  return (
    <div role="tree" aria-label="Fields" className="tree" ref={treeRef} onKeyDown={onKeyDown} onMouseLeave={() => setHover(null)}>
      {rows.map((r, i) => {
        const selected = r.key === selectedKey;
        return (
          <div
            key={r.key}
            role="treeitem"
            aria-level={r.level}
            aria-posinset={r.posInSet}
            aria-setsize={r.setSize}
            aria-expanded={r.expandable ? r.expanded : undefined}
            aria-selected={selected}
            aria-keyshortcuts={r.field.pfn !== undefined ? 'M' : undefined}
            tabIndex={i === focusIndex ? 0 : -1}
            data-path={r.key}
            className={`tree-row${selected ? ' selected' : ''}${foundKeys.has(r.key) ? ' found' : ''}`}
            onClick={() => focusRow(r)}
            onMouseEnter={() => setHover({ offset: r.field.offset, length: r.field.length })}
          >
            <span className="tree-name" style={{ paddingInlineStart: `${(r.level - 1) * 14}px` }}>
              <span
                className={`twisty${r.expandable ? (r.expanded ? ' open' : '') : ' leaf'}`}
                aria-hidden="true"
                onClick={(ev) => {
                  if (!r.expandable) return;
                  ev.stopPropagation();
                  toggle(r, !r.expanded);
                }}
              />
              {r.field.name}
            </span>
            <span className="tree-value" title={r.field.display}>
              {r.field.pfn !== undefined ? (
                // Out of the tab order, as the tree's rows are: M on the row does the same.
                <AddressLink target={{ kind: 'pfn', pfn: r.field.pfn }} tabIndex={-1}>
                  page
                </AddressLink>
              ) : null}
              {r.field.display}
            </span>
            <span className="tree-offset mono">{hexOffset(r.field.offset, digits)}</span>
            <span className="tree-length mono">{count(r.field.length)}</span>
          </div>
        );
      })}
    </div>
  );
}
