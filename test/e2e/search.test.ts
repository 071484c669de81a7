/**
 * Search in Chromium, over files given to the page: the real PV image's kernel banner ("Linux
 * version", which its guest memory holds) is found where Node finds it, and choosing the match
 * puts the hex selection on its bytes; a search of a sparse 5 GiB image (a marker written early,
 * another near the end) is cancelled part way and keeps the early match.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { realImage } from '../support/shared.ts';
import { ARTIFACTS, openExplorer } from './support/browser.ts';

const GiB = 1024 ** 3;
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let foreign: string[];
let dir: string;

const hexCell = (o: number) => page.getByRole('region', { name: 'Hex' }).locator(`[data-offset="${o}"]`);
const panel = () => page.getByRole('region', { name: 'Search' });

function offsetsOf(bytes: Buffer, text: string): number[] {
  const out: number[] = [];
  for (let at = bytes.indexOf(text); at >= 0; at = bytes.indexOf(text, at + 1)) out.push(at);
  return out;
}

async function open(path: string, records: number) {
  await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(path);
  await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 60_000 }).toBe(`${records.toLocaleString('en-US')} records`);
  await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 60_000 }).toBe(0);
}

async function recordCount(path: string): Promise<number> {
  const source = new FileSource(path);
  const n = (await scanStream(source)).index.count;
  source.close();
  return n;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-search-'));
  ({ browser, page, foreign } = await openExplorer(baseUrl));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search in Chromium', () => {
  it('finds the kernel banner in the real PV image and lands on it', async () => {
    const path = await realImage('pv');
    const want = offsetsOf(readFileSync(path), 'Linux version');
    expect(want.length).toBeGreaterThan(0);
    await open(path, await recordCount(path));
    await page.locator('.hex-body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-query');
    await page.keyboard.type('Linux version');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel().locator('.search-status').textContent(), { timeout: 60_000 }).toBe(`1 of ${want.length} matches`);
    // The first match is selected: its bytes in the hex view, the cursor on its first byte.
    for (let i = 0; i < 'Linux version'.length; i++) await expect.poll(() => hexCell(want[0]! + i).getAttribute('class')).toContain('sel');
    const rows = panel().getByRole('listitem');
    expect(await rows.first().textContent()).toContain('0x' + want[0]!.toString(16));
    expect(await rows.first().textContent()).toContain('PAGE_DATA');
    expect(await rows.first().textContent()).toMatch(/PFN 0x[0-9a-f]+/);
    // F3 goes to the next one.
    if (want.length > 1) {
      await page.keyboard.press('F3');
      await expect.poll(() => panel().locator('.search-status').textContent()).toBe(`2 of ${want.length} matches`);
      await expect.poll(() => hexCell(want[1]!).getAttribute('class')).toContain('sel');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-search.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-search-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  }, 180_000);

  it('cancels a search of a sparse 5 GiB image part way, keeping what it found', async () => {
    const path = join(dir, 'big-hvm.save');
    writeStreamFile({ guest: 'hvm', pages: 5 * 262_144, batch: 1024, pageContent: 'zero' }, path);
    const source = new FileSource(path);
    const truth = await scanStream(source);
    source.close();
    // A marker in page data early on (found before Cancel) and one near the end (not reached).
    const marker = Buffer.from('SEARCH-ME-PLEASE');
    const inPages = (near: number) => {
      const e = truth.index.get(truth.index.entryAt(near));
      expect(e.layer === Layer.Libxc && e.type === Rec.PAGE_DATA).toBe(true);
      return Math.max(near, e.offset + 16 + 8 * e.aux[0] + 100);
    };
    const early = inPages(64 * 1024 ** 2);
    const late = inPages(5 * GiB - 64 * 1024 ** 2);
    const fd = openSync(path, 'r+');
    writeSync(fd, marker, 0, marker.length, early);
    writeSync(fd, marker, 0, marker.length, late);
    closeSync(fd);
    await open(path, truth.index.count);
    await page.keyboard.press('Control+f');
    await page.keyboard.type('SEARCH-ME-PLEASE');
    await page.keyboard.press('Enter');
    const bar = panel().getByRole('progressbar', { name: 'Search progress' });
    await expect.poll(async () => Number((await bar.getAttribute('value')) ?? 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
    await panel().getByRole('button', { name: 'Cancel search' }).click();
    await expect.poll(() => panel().locator('.search-status').textContent(), { timeout: 30_000 }).toMatch(/^1 of 1 match \(cancelled after [\d,]+ of [\d,]+ bytes\)$/);
    expect(await panel().getByRole('listitem').first().textContent()).toContain('0x' + early.toString(16));
    await expect.poll(() => hexCell(early).getAttribute('class')).toContain('sel');
  }, 300_000);

  it('made no request outside its own origin', () => {
    expect(foreign).toEqual([]);
  });
});
