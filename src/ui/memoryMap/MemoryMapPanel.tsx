/**
 * The Memory map tab: the guest's PFN space as the stream leaves it, from the worker's guest
 * memory model (the `memoryMapCells` analysis): never sent, sent once, twice, three times or
 * more, page tables, pages named without contents; with more than one round, what the last
 * round (or checkpoint) did not send can be dimmed. Hover or the keyboard cursor says what a
 * cell holds (asked of the worker for that cell: the map itself carries only what it draws); a
 * click selects the record holding the last copy of its (first) PFN, found as Find PFN finds it,
 * and when that copy carries data, its page: the bytes in the hex view, the page in the Memory tab.
 */
import { useCallback, useMemo, useState } from 'react';
import { hex } from '../../decoder/dissect/show.ts';
import { PAGE_TYPE_NAMES } from '../../decoder/core/pageTypes.ts';
import { cellRange, NO_TYPE, PFN_CLASS_NAMES, PfnClass, type CellDetail } from '../../decoder/overview/memoryMap.ts';
import { useController } from '../ExplorerContext.tsx';
import { useAnalysis } from '../overview/useAnalysis.ts';
import { PfnGrid, type PfnWindow } from './PfnGrid.tsx';
import { PFN_PALETTE } from './pfnPalette.ts';

/** Before the first reply says how far the PFN space goes: ask for no cells. */
const FIRST_ASK: PfnWindow = { from: 0, to: 0, cells: 0 };

export function MemoryMapPanel() {
  const controller = useController();
  const [asked, setAsked] = useState<PfnWindow>(FIRST_ASK);
  const map = useAnalysis('memoryMapCells', asked);
  const [dimOld, setDimOld] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const rounds = map?.rounds ?? 0;

  const cells = useMemo(() => {
    if (!map) return null;
    let dim: Uint8Array | null = null;
    if (dimOld && rounds > 1) {
      dim = new Uint8Array(map.classes.length);
      for (let k = 0; k < dim.length; k++) dim[k] = map.classes[k] !== PfnClass.NeverSent && !map.lastRound[k] ? 1 : 0;
    }
    return { from: map.from, to: map.to, classes: map.classes, dim };
  }, [map, dimOld, rounds]);

  const onWindow = useCallback((w: PfnWindow) => setAsked((old) => (old.from === w.from && old.to === w.to && old.cells === w.cells ? old : w)), []);

  const rangeOf = useCallback((cell: number) => (map && cell >= 0 && cell < map.classes.length ? cellRange(map.from, map.to, map.classes.length, cell) : null), [map]);
  const [shown, setShown] = useState<{ first: number; end: number } | null>(null);
  const onShown = useCallback(
    (cell: number) => {
      const r = rangeOf(cell);
      setShown((old) => (old?.first === r?.first && old?.end === r?.end ? old : r));
    },
    [rangeOf],
  );
  const detail = useAnalysis('memoryMapCell', shown);

  const describe = (cell: number): string => {
    const r = rangeOf(cell);
    if (!map || !r) return '';
    const many = r.end - r.first > 1;
    const where = many ? `PFNs ${hex(r.first)}–${hex(r.end - 1)}` : `PFN ${hex(r.first)}`;
    const cls = map.classes[cell] as PfnClass;
    const parts = [`${where}: ${PFN_CLASS_NAMES[cls]}${many ? ' (most)' : ''}`];
    // Until the worker has told this cell in full, the line says what the map shows.
    const d: CellDetail | null = detail && detail.first === r.first && detail.end === r.end ? detail : null;
    if (d) {
      const sent = d.maxSent;
      const times = sent === 1 ? 'once' : sent === 2 ? 'twice' : `${sent} times`;
      // The "sent …" classes say how often already, when the cell is one PFN.
      if (sent > 0 && (many || cls === PfnClass.PageTable || cls === PfnClass.NoData)) parts.push(`${cls === PfnClass.NoData ? 'named' : 'sent'} ${many ? 'at most ' : ''}${times}`);
      if (d.type !== NO_TYPE) parts.push(`${many ? `${hex(d.firstPfn)} ` : ''}${PAGE_TYPE_NAMES[d.type] ?? `type ${d.type}`}`);
    }
    if (rounds > 1 && map.lastRound[cell]) parts.push('sent in the last round');
    return parts.join(', ');
  };

  const pick = (cell: number) => {
    const r = rangeOf(cell);
    if (!r) return;
    controller
      .analyse('memoryMapCell', r)
      .then((d) => {
        const pfn = d?.firstPfn ?? -1;
        if (pfn < 0) return setPicked('Nothing was sent there.');
        return controller.findPfn(pfn).then((copies) => {
          const last = copies.at(-1);
          if (!last) return setPicked(`PFN ${hex(pfn)}: never sent`);
          const told = `PFN ${hex(pfn)}: last of ${copies.length} cop${copies.length === 1 ? 'y' : 'ies'}, in record #${last.record}`;
          // A copy with data: its page is selected in the record (the hex view goes to it) and
          // waits in the Memory tab; one without (XTAB and the like) selects its record.
          if (last.offset !== null && last.offset >= 0) {
            void controller.showGuest({ kind: 'pfn', pfn }, { open: false });
            return setPicked(`${told}; its page is selected, and shown in the Memory tab`);
          }
          controller.selectRecord(last.record);
          setPicked(told);
        });
      })
      .catch((e: Error) => setPicked(e.message));
  };

  return (
    <section className="memory-map" aria-label="Memory map">
      <PfnGrid
        label="Guest memory map"
        palette={PFN_PALETTE}
        extent={map?.pfnEnd ?? 0}
        cells={cells}
        onWindow={onWindow}
        describe={describe}
        onShown={onShown}
        onPick={pick}
        legendExtra={
          rounds > 1 ? (
            <li className="dimmed">
              <label>
                <input type="checkbox" checked={dimOld} onChange={(e) => setDimOld(e.target.checked)} /> <span className="swatch" aria-hidden="true" />
                dim what the last round (or checkpoint) did not send
              </label>
            </li>
          ) : null
        }
      />
      {picked ? (
        <p className="memory-map-picked" role="status">
          {picked}
        </p>
      ) : null}
    </section>
  );
}
