/**
 * A sparse multi-GiB save image in Chromium: the scan reaches its end and the keyboard reaches
 * its last record and byte. (Going to an offset past 4 GiB is a flow both browsers run:
 * flows/mainFlows.ts.)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeBigImage, GiB, type BigImage } from './support/bigImage.ts';
import { openExplorer } from './support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let foreign: string[];
let dir: string;
let big: BigImage;

const hexCell = (o: number) => page.getByRole('region', { name: 'Hex' }).locator(`[data-offset="${o}"]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-big-'));
  big = await writeBigImage(dir);
  ({ browser, page, foreign } = await openExplorer(baseUrl));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sparse 5 GiB save image in Chromium', () => {
  it('is really sparse and past 4 GiB', () => {
    expect(big.size).toBeGreaterThan(5 * GiB);
    expect(big.target).toBeGreaterThan(4 * GiB);
    expect(statSync(big.path).blocks * 512).toBeLessThan(256 * 1024 ** 2);
  });

  it('scans to the end in the worker, finding every record', async () => {
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(big.path);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('big-hvm.save');
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 60_000 }).toBe(`${big.truth.index.count.toLocaleString('en-US')} records`);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 60_000 }).toBe(0);
    expect(await page.getByTestId('error-count').textContent()).toBe('0 errors');
    const grid = page.getByRole('grid', { name: 'Records' });
    await grid.focus();
    await page.keyboard.press('End');
    const last = big.truth.index.get(big.truth.index.count - 1);
    await expect.poll(() => grid.locator('[aria-selected="true"]').textContent()).toContain('0x' + last.offset.toString(16).padStart(9, '0'));
  });

  it('reaches the last byte of the file from the keyboard', async () => {
    await page.locator('.hex-body').focus();
    await page.keyboard.press('End');
    await expect.poll(() => hexCell(big.size - 1).textContent()).toBe('00');
    expect(await hexCell(big.size).count()).toBe(0);
  });

  it('made no request outside its own origin', () => {
    expect(foreign).toEqual([]);
  });
});
