/**
 * Compare with… in Chromium: the built-in HVM sample (A) against the same guest with one byte of
 * PFN 5 changed (B, generated here): the Compare tab's summary, and the changed page's two
 * copies with the differing byte marked, from the changed-pages list and from the compared map
 * (drawn over the guest's PFN space, its changed cell clicked). Nothing leaves the page.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
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
    // The compared map spans the guest's PFNs and draws the one changed page in its own colour;
    // a click on that cell shows the page's two copies.
    const map = page.getByRole('img', { name: 'Compared guest memory map' });
    await map.scrollIntoViewIfNeeded();
    const truth = await scanStream(new MemorySource(b), { memory: true });
    expect(await page.getByTestId('pfn-grid-view').textContent()).toContain(`of 0x${(truth.memory!.maxPfn + 1).toString(16)}`);
    const changedAt = () =>
      map.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const dpr = c.width / c.getBoundingClientRect().width;
        const at: { x: number; y: number }[] = [];
        for (let i = 0; i < d.length; i += 4) if (d[i] === 0xe6 && d[i + 1] === 0x9f && d[i + 2] === 0x00) at.push({ x: ((i / 4) % c.width) / dpr, y: Math.floor(i / 4 / c.width) / dpr });
        return { changed: at.length, first: at[Math.floor(at.length / 2)] ?? null, painted: d.some((v, i) => i % 4 === 3 && v === 255 && !(d[i - 3] === 0xe6 && d[i - 2] === 0x9f)) };
      });
    await expect.poll(async () => (await changedAt()).changed).toBeGreaterThan(0);
    const drawn = await changedAt();
    expect(drawn.painted).toBe(true);
    await map.click({ position: drawn.first! });
    const pair = page.getByRole('region', { name: 'PFN 0x5 in both files' });
    await expect.poll(() => pair.count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'compare-map.png') });
    await page.getByRole('region', { name: 'Changed pages' }).getByRole('button', { name: '0x5' }).click();
    await expect.poll(() => pair.locator('mark.diff-byte').allTextContents()).toEqual([patternPage(5)[7]!, changed[7]!].map((v) => v.toString(16).padStart(2, '0')));
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
    // Every record of both side by side: here all pair up, the page records matched by PFN.
    const side = page.getByRole('region', { name: 'Records side by side' });
    await side.scrollIntoViewIfNeeded();
    await expect.poll(() => side.getByRole('listitem').first().textContent()).toMatch(/^#0 xl xl header 0x0+=#0 xl xl header 0x0+$/);
    await page.screenshot({ path: join(ARTIFACTS, 'compare-records.png') });
    expect(foreign).toEqual([]);
  });
});
