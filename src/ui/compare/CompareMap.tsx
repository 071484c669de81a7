/**
 * The comparison as a guest memory map (the same grid as the Memory map tab): cells coloured by
 * changed, only in A, only in B, or no difference, in colours told apart with red-green colour
 * blindness (Okabe–Ito). A click on a changed page shows both copies; on a page only in A,
 * selects the record holding it.
 */
import { useCallback, useMemo, useState } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import type { StreamDiff } from '../../decoder/diff/streamDiff.ts';
import { useController } from '../ExplorerContext.tsx';
import { PfnGrid, type PaletteEntry, type PfnWindow } from '../memoryMap/PfnGrid.tsx';
import { COMPARE_CLASS_NAMES, CompareClass, compareCells, firstPfnIn } from './compareCells.ts';

const PALETTE: readonly PaletteEntry[] = [
  { label: COMPARE_CLASS_NAMES[CompareClass.Same], colour: 'var(--border)' },
  { label: COMPARE_CLASS_NAMES[CompareClass.OnlyB], colour: '#cc79a7' },
  { label: COMPARE_CLASS_NAMES[CompareClass.OnlyA], colour: '#0072b2' },
  { label: COMPARE_CLASS_NAMES[CompareClass.Changed], colour: '#e69f00' },
];

export function CompareMap({ d }: { d: StreamDiff }) {
  const controller = useController();
  const [win, setWin] = useState<PfnWindow>({ from: 0, to: 0, cells: 0 });
  const extent = d.pfnSpace;
  const cells = useMemo(() => ({ from: win.from, to: win.to, classes: compareCells(d, win.from, win.to, win.cells) }), [d, win]);
  const onWindow = useCallback((w: PfnWindow) => setWin((old) => (old.from === w.from && old.to === w.to && old.cells === w.cells ? old : w)), []);
  if (extent === 0) return null;

  const describe = (cell: number): string => {
    if (cell < 0 || cell >= cells.classes.length) return '';
    const per = (win.to - win.from) / win.cells;
    const first = Math.ceil(win.from + cell * per);
    const last = Math.ceil(win.from + (cell + 1) * per) - 1;
    const where = last <= first ? `PFN ${hex(first)}` : `PFNs ${hex(first)}–${hex(last)}`;
    return `${where}: ${COMPARE_CLASS_NAMES[cells.classes[cell] as CompareClass]}${last > first && cells.classes[cell] ? ' (some)' : ''}`;
  };

  const pick = (cell: number) => {
    const cls = cells.classes[cell] as CompareClass;
    const pfn = firstPfnIn(d, cls, win.from, win.to, win.cells, cell);
    if (pfn < 0) return;
    if (cls === CompareClass.Changed) void controller.compare.showPage(pfn);
    else if (cls === CompareClass.OnlyA) void controller.findPfn(pfn).then((copies) => copies.length && controller.selectRecord(copies.at(-1)!.record));
  };

  return (
    <div className="compare-map">
      <PfnGrid label="Compared guest memory map" palette={PALETTE} extent={extent} cells={cells} onWindow={onWindow} describe={describe} onPick={pick} />
    </div>
  );
}
