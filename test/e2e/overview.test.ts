/**
 * The file map in real headless Chromium: it draws for a built-in sample and for a real image
 * (canvas not blank, legend present), a click on it selects the record at that place of the
 * file, which the timeline and the hex view scroll to, and its windows follow both views. The
 * guest memory map likewise, in its dock tab, and a click on one of its cells selects the record
 * holding that PFN's last copy. Screenshots land in test-artifacts/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileSource } from '../../src/node/FileSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { realImage } from '../support/shared.ts';
import { ARTIFACTS, launch } from './support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

const fileMap = () => page.getByRole('img', { name: 'File map' });

/** Pixels of the canvas that are not transparent. */
const paintedPixels = (canvas = fileMap()) =>
  canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(baseUrl);
});

afterAll(async () => {
  await browser?.close();
});

describe('file map in Chromium', () => {
  it('draws the built-in sample, with its legend', async () => {
    await expect.poll(() => page.getByRole('grid', { name: 'Records' }).getByRole('row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await expect.poll(paintedPixels, { timeout: 30_000 }).toBeGreaterThan(1000);
    const legend = page.getByRole('list', { name: 'File map legend' });
    expect(await legend.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining(['memory', 'cpu', 'layer boundary', 'timeline', 'hex view', 'problem', 'rounds']));
    await page.screenshot({ path: join(ARTIFACTS, 'file-map-sample.png') });
  });

  it('draws a real image; a click selects the record there, the timeline and the hex view go to it, and the windows follow', async () => {
    const path = await realImage('pv');
    const truth = await scanStream(new FileSource(path));
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(path);
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 60_000 }).toBe(`${truth.index.count} records`);
    await expect.poll(paintedPixels, { timeout: 30_000 }).toBeGreaterThan(1000);
    // Six tenths into the file lies one of the 32 PAGE_DATA records.
    const box = (await fileMap().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
    const at = Math.floor(((box.width * 0.6) / box.width) * truth.size);
    const record = truth.index.entryAt(at);
    const hex = '0x' + truth.index.offset(record).toString(16).padStart(8, '0');
    const selected = page.getByRole('grid', { name: 'Records' }).locator('[aria-selected="true"]');
    await expect.poll(() => selected.textContent()).toContain(hex);
    expect(await selected.isVisible()).toBe(true);
    expect(await selected.textContent()).toContain('PAGE_DATA');
    // The hex view went there too: the clicked byte is on screen.
    await expect.poll(() => page.locator(`[aria-label="Hex bytes"] [data-offset="${at}"]`).count()).toBe(1);
    // The windows over the strip: the hex view's on the clicked byte, the timeline's around the
    // records it shows (the selected one among them), a part of the file, not all of it.
    const share = async (id: string) => {
      const w = (await page.getByTestId(id).boundingBox())!;
      return { from: (w.x - box.x) / box.width, to: (w.x + w.width - box.x) / box.width };
    };
    const hexWindow = await share('hex-window');
    expect(Math.abs(hexWindow.from - at / truth.size)).toBeLessThan(0.01);
    const timelineWindow = await share('timeline-window');
    const selectedFrom = truth.index.offset(record) / truth.size;
    expect(timelineWindow.from).toBeLessThanOrEqual(selectedFrom + 0.005);
    expect(timelineWindow.to).toBeGreaterThanOrEqual((truth.index.offset(record) + truth.index.length(record)) / truth.size - 0.005);
    expect(timelineWindow.to - timelineWindow.from).toBeLessThan(0.8);
    // The keyboard moves along the file from the selection, and the windows with it.
    await fileMap().focus();
    await page.keyboard.press('End');
    await expect.poll(() => selected.textContent()).toContain('END');
    await expect.poll(async () => (await share('hex-window')).to).toBeGreaterThan(0.99);
    await expect.poll(async () => (await share('timeline-window')).to).toBeGreaterThan(0.99);
    await page.screenshot({ path: join(ARTIFACTS, 'file-map-real-pv.png') });
  });

  it('shows the statistics and the Rounds chart: one round for an xl save, its records per type', async () => {
    await page.getByText('Statistics, rounds and Find PFN').click();
    const chart = page.getByRole('img', { name: 'Rounds' });
    await expect.poll(() => chart.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0))).toBe(true);
    const rounds = page.getByRole('table', { name: 'Rounds table' });
    expect(await rounds.locator('tbody tr').count()).toBe(1);
    const types = page.getByRole('table', { name: 'Records per type' });
    expect(await types.locator('tbody tr').first().textContent()).toContain('PAGE_DATA');
    await page.screenshot({ path: join(ARTIFACTS, 'statistics-real-pv.png') });
  });

  it('Find PFN lists the records carrying a PFN, oldest first, and selects one', async () => {
    // The real PV image sends each PFN once, 1024 to a PAGE_DATA record: one copy, in the
    // record whose PFN range holds it.
    const path = await realImage('pv');
    const truth = await scanStream(new FileSource(path));
    const holder = [...Array(truth.index.count).keys()].find((i) => {
      const e = truth.index.get(i);
      return e.type === 1 && e.aux[0] > 0 && e.aux[2] <= 0x1234 && 0x1234 <= e.aux[3] && e.layer === 4;
    })!;
    await page.getByLabel('Find PFN').fill('0x1234');
    await page.getByLabel('Find PFN').press('Enter');
    const list = page.getByRole('list', { name: 'Records carrying the PFN' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    expect(await list.textContent()).toContain(`#${holder} PAGE_DATA`);
    await list.getByRole('button').click();
    const selected = page.getByRole('grid', { name: 'Records' }).locator('[aria-selected="true"]');
    await expect.poll(() => selected.textContent()).toContain('0x' + truth.index.offset(holder).toString(16).padStart(8, '0'));
    await page.screenshot({ path: join(ARTIFACTS, 'find-pfn-real-pv.png') });
  });
});

describe('guest memory map in Chromium', () => {
  const memoryMap = () => page.getByRole('img', { name: 'Guest memory map' });
  /** The opaque colours drawn, as 0xrrggbb. */
  const colourSet = () =>
    memoryMap().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return [...seen];
    });
  /** Distinct colours drawn: a map of one flat colour would be blank in all but name. */
  const colours = async () => (await colourSet()).length;

  it('draws the built-in sample in its dock tab, with its legend', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.getByRole('grid', { name: 'Records' }).getByRole('row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await page.getByRole('tab', { name: 'Memory map' }).click();
    await expect.poll(() => paintedPixels(memoryMap()), { timeout: 30_000 }).toBeGreaterThan(1000);
    // The HVM sample sends most PFNs once and names the VGA hole without contents.
    await expect.poll(colours).toBeGreaterThanOrEqual(2);
    const legend = page.getByRole('list', { name: 'Guest memory map legend' });
    expect(await legend.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining(['never sent', 'sent once', 'page table (L1–L4)', 'XTAB / XALLOC / BROKEN']));
    await page.screenshot({ path: join(ARTIFACTS, 'memory-map-sample.png') });
  });

  it('draws a real HVM image; zoomed in, a click on a PFN selects the record holding its last copy', async () => {
    const path = await realImage('hvm');
    const truth = await scanStream(new FileSource(path), { memory: true });
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(path);
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 60_000 }).toBe(`${truth.index.count.toLocaleString('en')} records`);
    const view = page.getByTestId('pfn-grid-view');
    // The whole PFN space up to the highest PFN named (the stream names up to 0xfefff, mostly XTAB).
    await expect.poll(() => view.textContent(), { timeout: 30_000 }).toContain(`of 0x${(truth.memory!.maxPfn + 1).toString(16)}`);
    await expect.poll(colours, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'memory-map-real-hvm.png') });

    // Keyboard zoom to one PFN a cell, then Home: PFN 0 at the top left, the guest's low memory.
    await memoryMap().focus();
    for (let i = 0; i < 20 && !(await view.textContent())!.includes('one PFN'); i++) await page.keyboard.press('+');
    expect(await view.textContent()).toContain('one PFN a cell');
    await page.keyboard.press('Home');
    await expect.poll(() => view.textContent()).toMatch(/^PFNs 0x0–/);
    const box = (await memoryMap().boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 20);
    const status = page.locator('.pfn-grid-hover');
    await expect.poll(() => status.textContent()).toMatch(/^PFN 0x[0-9a-f]+: sent once/);
    const pfn = Number(/^PFN (0x[0-9a-f]+)/.exec((await status.textContent())!)![1]);
    const copy = truth.memory!.lookup(pfn)!;
    const holder = truth.index.entryAt(copy.offset);
    await page.mouse.click(box.x + 40, box.y + 20);
    const selected = page.getByRole('grid', { name: 'Records' }).locator('[aria-selected="true"]');
    await expect.poll(() => selected.textContent()).toContain('0x' + truth.index.offset(holder).toString(16).padStart(8, '0'));
    expect(await selected.textContent()).toContain('PAGE_DATA');
    await expect.poll(() => page.locator('.memory-map-picked').textContent()).toBe(`PFN 0x${pfn.toString(16)}: last of 1 copy, in record #${holder}; its page is selected, and shown in the Memory tab`);
    // The page's first byte is in the hex view.
    await expect.poll(() => page.locator(`[aria-label="Hex bytes"] [data-offset="${copy.offset}"]`).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'memory-map-real-hvm-zoomed.png') });
    // The dark theme redraws with its own colours.
    const light = await colourSet();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => (await colourSet()).some((c) => !light.includes(c))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'memory-map-real-hvm-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
