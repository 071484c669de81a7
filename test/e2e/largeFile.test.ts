/**
 * A sparse multi-GiB save image in Chromium: the scan reaches its end, and the hex view goes to
 * an offset past 4 GiB and shows the bytes that are really there (known bytes written into a
 * page that is otherwise a hole, so a wrong read cannot pass).
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { Rec } from '../../src/decoder/libxc/constants.ts';
import { fieldAt } from '../../src/decoder/model/Field.ts';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { ARTIFACTS, launch, watchForeignRequests } from './support/browser.ts';

const GiB = 1024 ** 3;
const MARKER = new TextEncoder().encode('XEN>4GiB-MARKER!');
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let foreign: string[];
let dir: string;
let path: string;
let size: number;
let truth: ScanResult;
/** Where MARKER was written: inside a page of a PAGE_DATA record past 4 GiB. */
let target: number;

const hexCell = (o: number) => page.getByRole('region', { name: 'Hex' }).locator(`[data-offset="${o}"]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-big-'));
  path = join(dir, 'big-hvm.save');
  // 5 GiB of guest memory whose pages are holes: a few MiB on disk.
  ({ size } = writeStreamFile({ guest: 'hvm', pages: 5 * 262_144, batch: 1024, pageContent: 'zero' }, path));
  const source = new FileSource(path);
  truth = await scanStream(source);
  const record = truth.index.entryAt(4 * GiB + 123_456);
  const e = truth.index.get(record);
  expect(e.layer === Layer.Libxc && e.type === Rec.PAGE_DATA).toBe(true);
  const pagesAt = e.offset + 16 + 8 * e.aux[0];
  target = Math.max(4 * GiB + 123_456, pagesAt + 1000);
  expect(target + MARKER.length).toBeLessThan(e.offset + e.length);
  source.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, MARKER, 0, MARKER.length, target);
  closeSync(fd);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  foreign = watchForeignRequests(page, baseUrl);
  await page.goto(baseUrl);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sparse 5 GiB save image in Chromium', () => {
  it('is really sparse and past 4 GiB', () => {
    expect(size).toBeGreaterThan(5 * GiB);
    expect(target).toBeGreaterThan(4 * GiB);
    expect(statSync(path).blocks * 512).toBeLessThan(256 * 1024 ** 2);
  });

  it('scans to the end in the worker, finding every record', async () => {
    await page.locator('input[type=file]').setInputFiles(path);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('big-hvm.save');
    await expect.poll(() => page.getByTestId('record-count').textContent(), { timeout: 60_000 }).toBe(`${truth.index.count.toLocaleString('en-US')} records`);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 60_000 }).toBe(0);
    expect(await page.getByTestId('error-count').textContent()).toBe('0 errors');
    const grid = page.getByRole('grid', { name: 'Records' });
    await grid.focus();
    await page.keyboard.press('End');
    const last = truth.index.get(truth.index.count - 1);
    await expect.poll(() => grid.locator('[aria-selected="true"]').textContent()).toContain('0x' + last.offset.toString(16).padStart(9, '0'));
  });

  it('goes to an offset past 4 GiB and shows the bytes that are there, selecting the field that holds them', async () => {
    await page.keyboard.press('Control+g');
    await page.keyboard.type('0x' + target.toString(16));
    await page.keyboard.press('Enter');
    for (let i = 0; i < MARKER.length; i++) {
      await expect.poll(() => hexCell(target + i).textContent()).toBe(MARKER[i]!.toString(16).padStart(2, '0'));
    }
    const chars = await page.locator(`[data-char]`).evaluateAll((els, t) => els.filter((el) => Number((el as HTMLElement).dataset.char) >= t && Number((el as HTMLElement).dataset.char) < t + 16).map((el) => el.textContent).join(''), target);
    expect(chars).toBe('XEN>4GiB-MARKER!');
    // The bytes around it are the hole's zeros.
    expect(await hexCell(target - 1).textContent()).toBe('00');

    const source = new FileSource(path);
    const fields = await decodeEntry(source, truth.index.get(truth.index.entryAt(target)), truth.facts);
    source.close();
    const want = fieldAt(fields, target)!.field;
    const chosen = page.getByRole('tree', { name: 'Fields' }).locator('[aria-selected="true"]');
    await expect.poll(() => chosen.locator('.tree-name').textContent()).toBe(want.name);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-past-4gib.png') });
  });

  it('reaches the last byte of the file from the keyboard', async () => {
    await page.locator('.hex-body').focus();
    await page.keyboard.press('End');
    await expect.poll(() => hexCell(size - 1).textContent()).toBe('00');
    expect(await hexCell(size).count()).toBe(0);
  });

  it('made no request outside its own origin', () => {
    expect(foreign).toEqual([]);
  });
});
