/**
 * Compare with… in Chromium: the built-in HVM sample (A) against the same guest with one byte of
 * PFN 5 changed (B, generated here): the Compare tab's summary, and the changed page's two
 * copies with the differing byte marked. Nothing leaves the page.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { patternPage } from '../../src/generator/bodies.ts';
import { buildStream, SAMPLES } from '../../src/generator/index.ts';
import { ARTIFACTS, launch, watchForeignRequests } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const hvm = SAMPLES.find((s) => s.name === 'hvm-v3')!;
const changed = (() => {
  const p = patternPage(5);
  p[7] = p[7]! ^ 0xff;
  return p;
})();
const b = buildStream({ ...hvm.spec, image: { page: (pfn) => (pfn === 5 ? changed : undefined) } });
let browser: Browser;
let page: Page;
let foreign: string[];

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  foreign = watchForeignRequests(page, baseUrl);
  await page.goto(baseUrl);
});

afterAll(async () => {
  await browser?.close();
});

describe('Compare with… in Chromium', () => {
  it('compares the open sample with a second file and shows a changed page byte by byte', async () => {
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('hvm-v3.save');
    await page.getByLabel('Compare with a save image').setInputFiles({ name: 'b.save', mimeType: 'application/octet-stream', buffer: Buffer.from(b) });
    await expect.poll(() => page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true');
    const summary = page.locator('.compare-summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.textContent()).toContain('1 changed (1 byte differs)');
    await page.getByRole('region', { name: 'Changed pages' }).getByRole('button', { name: '0x5' }).click();
    const pair = page.getByRole('region', { name: 'PFN 0x5 in both files' });
    await expect.poll(() => pair.locator('mark.diff-byte').allTextContents()).toEqual([patternPage(5)[7]!, changed[7]!].map((v) => v.toString(16).padStart(2, '0')));
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
    expect(foreign).toEqual([]);
  });
});
