import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampTopRow, lastTopRow, rowCount, scrollForTopRow, topRowAtScroll, topRowToShow } from '../../src/ui/scroll/hexScroll.ts';
import { MAX_SCROLL_PX, scrollMapping } from '../../src/ui/scroll/scrollMapping.ts';
import { timelineScroll } from '../../src/ui/timeline/timelineScroll.ts';

const GiB = 1024 ** 3;
const ROW = 18;
const VIEW = 540;

describe('scrollMapping', () => {
  it('is the identity while the rows fit under the cap', () => {
    const m = scrollMapping(1000, 20, 400);
    expect(m.spacerPx).toBe(20_000);
    expect(m.scale).toBe(1);
    expect(m.topRowAt(200)).toBe(10);
    expect(m.scrollTopFor(10)).toBe(200);
  });

  it('caps the spacer below the browsers\' height clamp and stretches travel over the rows', () => {
    const m = scrollMapping(rowCount(100 * GiB), ROW, VIEW);
    expect(m.spacerPx).toBe(MAX_SCROLL_PX);
    expect(m.spacerPx).toBeLessThan(16_777_214);
    expect(m.scale).toBeGreaterThan(1000);
    expect(m.topRowAt(0)).toBe(0);
    expect(m.topRowAt(m.travelPx)).toBe(m.maxTopRow);
    expect(m.topRowAt(m.travelPx * 10)).toBe(m.maxTopRow);
  });

  it('maps scroll positions to rows monotonically, and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, a, b) => {
        const m = scrollMapping(rows, ROW, VIEW);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(m.topRowAt(lo * m.travelPx)).toBeLessThanOrEqual(m.topRowAt(hi * m.travelPx));
        const row = lo * m.maxTopRow;
        expect(m.topRowAt(m.scrollTopFor(row))).toBeCloseTo(row, 3);
      }),
    );
  });
});

describe('hex view scrolling (whole rows)', () => {
  const sizes = [0, 1, 15, 16, 17, 4096, 4 * GiB + 3, 100 * GiB, 2 ** 50 + 5];

  // Viewports that are a whole number of rows, and ones that leave a part row at the bottom.
  it.each(sizes.flatMap((size) => [540, 408, 545].map((view) => [size, view])))('reaches the last byte of a %d-byte file in a %d px view from the scrollbar and by rows', (size, view) => {
    const m = scrollMapping(rowCount(size), ROW, view);
    const bottom = topRowAtScroll(m, m.travelPx);
    const full = Math.floor(view / ROW);
    const lastRow = Math.max(0, rowCount(size) - 1);
    expect(bottom).toBe(lastTopRow(m));
    expect(lastRow).toBeGreaterThanOrEqual(bottom);
    expect(lastRow).toBeLessThan(bottom + full);
    expect(clampTopRow(m, Number.MAX_SAFE_INTEGER)).toBe(bottom);
    expect(topRowAtScroll(m, 0)).toBe(0);
  });

  it('makes every row of a 100 GiB file reachable: any row can be the top row, and its scrollbar position maps back near it', () => {
    const m = scrollMapping(rowCount(100 * GiB), ROW, VIEW);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lastTopRow(m) }), (row) => {
        expect(clampTopRow(m, row)).toBe(row);
        const back = topRowAtScroll(m, scrollForTopRow(m, row));
        // One scrollbar pixel spans `scale / ROW` rows: the thumb shows the row to within that.
        expect(Math.abs(back - row)).toBeLessThanOrEqual(m.scale / ROW);
      }),
    );
  });

  it('keeps the scrollbar-to-row mapping monotonic across all of a 100 GiB file', () => {
    const m = scrollMapping(rowCount(100 * GiB), ROW, VIEW);
    let prev = -1;
    for (let px = 0; px <= m.travelPx; px += 997) {
      const row = topRowAtScroll(m, px);
      expect(row).toBeGreaterThanOrEqual(prev);
      prev = row;
    }
    expect(topRowAtScroll(m, m.travelPx)).toBeGreaterThanOrEqual(prev);
  });

  it('brings a row into view only when it is not already fully visible', () => {
    const m = scrollMapping(rowCount(100 * GiB), ROW, VIEW);
    const full = Math.floor(VIEW / ROW);
    expect(topRowToShow(m, 1000, 1000)).toBe(1000);
    expect(topRowToShow(m, 1000, 1000 + full - 1)).toBe(1000);
    const below = topRowToShow(m, 1000, 1000 + full);
    expect(1000 + full).toBeGreaterThanOrEqual(below);
    expect(1000 + full).toBeLessThan(below + full);
    const target = Math.floor((5 * GiB) / 16);
    const t = topRowToShow(m, 0, target);
    expect(target - t).toBeGreaterThanOrEqual(0);
    expect(target - t).toBeLessThan(full);
    expect(topRowToShow(m, 0, rowCount(100 * GiB) - 1)).toBe(lastTopRow(m));
  });
});

describe('timeline scrolling (react-window rows with a base offset)', () => {
  const ROW_H = 22;

  it('is plain react-window below the cap: base 0 and the List gets every row', () => {
    const t = timelineScroll(100_000, ROW_H, 440);
    expect(t.localRows).toBe(100_000);
    expect(t.baseAt(123_456)).toBe(0);
    expect(t.scrollTopToReveal(0, 50)).toBe(50 * ROW_H - 440 + ROW_H);
    expect(t.scrollTopToReveal(50 * ROW_H, 10)).toBe(10 * ROW_H);
  });

  it.each([1_000_000, 3_000_000, 20_000_000])('shows the first and the last of %d rows at the ends of travel', (rows) => {
    const t = timelineScroll(rows, ROW_H, 440);
    expect(t.localRows * ROW_H).toBeLessThanOrEqual(MAX_SCROLL_PX);
    expect(t.baseAt(0)).toBe(0);
    const end = t.mapping.travelPx;
    // The last local row shows the last global row at the end of travel.
    expect(t.localRows - 1 + t.baseAt(end)).toBe(rows - 1);
  });

  it.each([1_000_000, 3_000_000, 20_000_000])('can reveal every one of %d rows fully, from anywhere', (rows) => {
    const t = timelineScroll(rows, ROW_H, 440);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rows - 1 }), fc.integer({ min: 0, max: Math.floor(t.mapping.travelPx) }), (row, from) => {
        const s = t.scrollTopToReveal(from, row);
        expect(Number.isInteger(s)).toBe(true);
        const y = (row - t.baseAt(s)) * ROW_H - s;
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y + ROW_H).toBeLessThanOrEqual(440);
      }),
      { numRuns: 300 },
    );
  });

  it('moves the base monotonically with the scrollbar', () => {
    const t = timelineScroll(5_000_000, ROW_H, 440);
    let prevTop = -1;
    for (let s = 0; s <= t.mapping.travelPx; s += 1013) {
      const top = t.baseAt(s) + s / ROW_H;
      expect(top).toBeGreaterThanOrEqual(prevTop - 1);
      prevTop = top;
    }
  });
});
