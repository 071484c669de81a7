/**
 * Analyses' highlights drawn generically: the hex view underlines the bytes, the timeline marks
 * the records holding them, in the highlight's style, whichever analysis produced them.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HexView } from '../../src/ui/hex/HexView.tsx';
import { Timeline } from '../../src/ui/timeline/Timeline.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

const hexCell = (offset: number) => screen.getByRole('region', { name: 'Hex' }).querySelector<HTMLElement>(`[data-offset="${offset}"]`);
const timelineRow = (record: number) => screen.getByRole('grid', { name: 'Records' }).querySelector<HTMLElement>(`[data-record="${record}"]`);

describe('highlights', () => {
  it('marks the bytes of every problem once the scan is done (the problem analysis), in hex and timeline', async () => {
    // broken-pv: a TSC_INFO record with a reserved field set, among other faults.
    const r = renderExplorer(
      <>
        <Timeline />
        <HexView />
      </>,
    );
    act(() => r.controller.openSample('broken-pv'));
    await scanned(r.store);
    const d = r.store.getState().diagnostics.find((x) => x.id === 'TSC_INFO_RESERVED')!;
    await waitFor(() => expect(r.store.getState().highlights.problems?.length).toBeGreaterThan(0));
    act(() => r.controller.selectDiagnostic(d));
    await waitFor(() => expect(hexCell(d.offset)?.className).toContain('hl-error'));
    expect(hexCell(d.offset + d.length)?.className ?? '').not.toContain('hl-');
    await waitFor(() => expect(timelineRow(d.record)?.className).toContain('hl-error'));
    expect(timelineRow(0)?.className).not.toContain('hl-');
  }, 20_000);

  it('draws any analysis\'s highlights by style, and drops them with the file', async () => {
    const r = renderExplorer(<HexView />);
    act(() => r.controller.openSample('hvm-v3'));
    await scanned(r.store);
    act(() => r.store.getState().setHighlights('diff', [{ offset: 0x10, length: 4, style: 'changed' }]));
    expect([0xf, 0x10, 0x13, 0x14].map((o) => hexCell(o)!.classList.contains('hl-changed'))).toEqual([false, true, true, false]);
    act(() => r.controller.openSample('remus'));
    expect(r.store.getState().highlights).toEqual({});
  });
});
