/**
 * A million records in Chromium: rows appear while the scan runs, the scan can be cancelled,
 * and the timeline, taller than any element Chromium will lay out (1,000,014 rows × 22 px),
 * still reaches every row through its own scroll mapping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_SCROLL_PX } from '../../src/ui/scroll/scrollMapping.ts';
import { TIMELINE_ROW_HEIGHT } from '../../src/ui/timeline/Timeline.tsx';
import { ARTIFACTS, launch } from './support/browser.ts';
import { writeManyRecords } from './support/manyRecords.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let dir: string;
let path: string;
let records: number;
/** Four million records, for Cancel: the scan of a million ends about as soon as the page shows a thousand rows. */
let longPath: string;
let longRecords: number;

const grid = () => page.getByRole('grid', { name: 'Records' });
const selectedRecord = async () => Number(await grid().locator('[aria-selected="true"]').getAttribute('data-record'));
const recordCount = async () => Number((await page.getByTestId('record-count').textContent())!.replace(/\D/g, ''));
const shownRecords = () => grid().locator('[data-record]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.record)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-many-'));
  path = join(dir, 'million.save');
  ({ records } = await writeManyRecords(path, 1_000_000));
  longPath = join(dir, 'four-million.save');
  ({ records: longRecords } = await writeManyRecords(longPath, 4_000_000));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(baseUrl);
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a million records in Chromium', () => {
  it('shows records while the scan runs, and keeps them when it is cancelled', async () => {
    // Four million records, whose scan takes seconds: the page itself presses Cancel as soon as it
    // shows more than 1000 records, counting the rows on screen then (a round trip from the test
    // could come after the scan's end, and a million records' scan can end before the page has
    // shown a thousand rows and the Cancel reached the worker).
    const pressed = page.evaluate(
      () =>
        new Promise<number>((done) => {
          const check = () => {
            const count = Number(document.querySelector('[data-testid="record-count"]')?.textContent?.replace(/\D/g, '') ?? 0);
            const cancel = [...document.querySelectorAll('.scan-status button')].find((b) => b.textContent?.trim() === 'Cancel') as HTMLButtonElement | undefined;
            if (count <= 1000 || !cancel) return;
            observer.disconnect();
            const rows = document.querySelectorAll('[role=grid][aria-label=Records] [data-record]').length;
            cancel.click();
            done(rows);
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        }),
    );
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(longPath);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('four-million.save');
    expect(await pressed).toBeGreaterThan(5);
    // Where it stopped, not 100%.
    await expect.poll(() => page.locator('.scan-note').textContent()).toMatch(/Cancelled at \d{1,2}%/);
    const kept = await recordCount();
    expect(kept).toBeGreaterThan(1000);
    expect(kept).toBeLessThan(longRecords);
  });

  it('scans all of them when opened again', async () => {
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(path);
    await expect.poll(recordCount, { timeout: 90_000 }).toBe(records);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 90_000 }).toBe(0);
  });

  it('keeps the list under the height clamp and reaches the last row, the middle and the first', async () => {
    const sizer = await grid().locator('.tl-list').evaluate((el) => (el.lastElementChild as HTMLElement).getBoundingClientRect().height);
    expect(records * TIMELINE_ROW_HEIGHT).toBeGreaterThan(MAX_SCROLL_PX);
    expect(sizer).toBeLessThanOrEqual(MAX_SCROLL_PX);

    await grid().focus();
    await page.keyboard.press('End');
    await expect.poll(selectedRecord).toBe(records - 1);
    const last = grid().locator(`[data-record="${records - 1}"]`);
    const [box, view] = await Promise.all([last.boundingBox(), grid().locator('.tl-list').boundingBox()]);
    expect(box!.y).toBeGreaterThanOrEqual(view!.y - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height + 1);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selectedRecord).toBe(records - 2);

    // The scrollbar thumb in the middle shows the middle records.
    await grid().locator('.tl-list').evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    await expect.poll(async () => Math.abs((await shownRecords())[0]! - records / 2)).toBeLessThan(records / 100);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-million-records.png') });

    await page.keyboard.press('Home');
    await expect.poll(selectedRecord).toBe(0);
    expect((await shownRecords())[0]).toBe(0);
  });
});
