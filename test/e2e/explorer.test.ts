/**
 * The explorer in real headless Chromium, built and served from its own origin: open a
 * generated save image, walk records and fields by click and keyboard, read bytes in the
 * Inspector, and make no request anywhere else. The flows both browsers share (field ↔ byte
 * highlighting, diagnostics, drag and drop, …) are in flows/mainFlows.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { entryName } from '../../src/decoder/names.ts';
import { describeFacts } from '../../src/decoder/scan/facts.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { buildSample, SAMPLES } from '../../src/generator/index.ts';
import { ARTIFACTS, openExplorer } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const SAMPLE = 'broken-hvm';
let browser: Browser;
let page: Page;
let foreign: string[];
let dir: string;
let file: string;
let bytes: Uint8Array;
let truth: ScanResult;

const hexOffset = (o: number, digits = 8) => '0x' + o.toString(16).padStart(digits, '0');
const records = () => page.getByRole('grid', { name: 'Records' });
const tree = () => page.getByRole('tree', { name: 'Fields' });
const hexCell = (o: number) => page.getByRole('region', { name: 'Hex' }).locator(`[data-offset="${o}"]`);
const recordIndex = (name: string) => {
  for (let i = 0; i < truth.index.count; i++) {
    const e = truth.index.get(i);
    if (entryName(e.layer, e.type, e.flags) === name) return i;
  }
  throw new Error(`no ${name}`);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-'));
  bytes = buildSample(SAMPLE);
  file = join(dir, 'guest-41.save');
  writeFileSync(file, bytes);
  truth = await scanStream(new MemorySource(bytes));
  ({ browser, page, foreign } = await openExplorer(baseUrl));
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('explorer in Chromium', () => {
  it('opens on a built-in sample', async () => {
    await expect.poll(() => page.locator('.file-name').textContent()).toContain(`${SAMPLES[0]!.name}.save`);
    await expect.poll(() => records().getByRole('row').count()).toBeGreaterThan(5);
    expect(await records().getByRole('row').nth(1).textContent()).toContain('xl header');
  });

  it('opens a generated file from the file input and shows every record as the decoder finds it', async () => {
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(file);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('guest-41.save');
    await expect.poll(() => page.getByTestId('record-count').textContent()).toBe(`${truth.index.count} records`);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    expect(await page.getByTestId('facts').textContent()).toBe(describeFacts(truth.facts));
    expect(describeFacts(truth.facts)).toBe('xl → libxl v2 → libxc v3, x86 HVM, Xen 4.17');
  });

  it('shows the file facts in a 1280 px window without cutting them: the header keeps name, problems and count, the records pane the format line', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      // Nothing in the header's file facts is clipped (the name may shorten, with an ellipsis).
      const info = page.getByRole('banner').locator('.file-info');
      const clipped = await info.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(clipped).toBeLessThanOrEqual(0);
      const count = await page.getByTestId('record-count').boundingBox();
      const bar = await page.getByRole('banner').boundingBox();
      expect(count!.x + count!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
      // The shortcuts button at the bar's end stays in it too.
      const help = await page.getByRole('button', { name: 'Keyboard shortcuts' }).boundingBox();
      expect(help!.x + help!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
      // The format line, whole, in the records pane's head.
      const facts = page.getByRole('region', { name: 'Records', exact: true }).getByTestId('facts');
      expect(await facts.textContent()).toBe(describeFacts(truth.facts));
      expect(await facts.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('selects records by click and keyboard, and shows their fields', async () => {
    const ctx = recordIndex('HVM_CONTEXT');
    const e = truth.index.get(ctx);
    const row = records().getByRole('row').filter({ hasText: hexOffset(e.offset) });
    await row.scrollIntoViewIfNeeded();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => tree().getByRole('treeitem').first().textContent()).toContain('record header');
    await page.keyboard.press('ArrowDown');
    const next = truth.index.get(ctx + 1);
    await expect.poll(() => records().locator('[aria-selected="true"]').textContent()).toContain(hexOffset(next.offset));
    await expect.poll(() => page.locator('.fields-pane h2').textContent()).toBe(`#${ctx + 1} ${entryName(next.layer, next.type, next.flags)}`);
  });

  it('reads the clicked byte onwards in the Inspector: "u32 LE" is the TSC khz field the byte starts', async () => {
    const e = truth.index.get(recordIndex('X86_TSC_INFO'));
    const khzAt = e.offset + 8 + 4;
    const khz = new DataView(bytes.buffer, bytes.byteOffset).getUint32(khzAt, true);
    await page.getByRole('textbox', { name: 'Go to offset' }).fill(hexOffset(e.offset));
    await page.keyboard.press('Enter');
    await hexCell(khzAt).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const row = inspector.getByRole('row', { name: 'u32 LE', exact: true });
    await expect.poll(() => row.locator('td').first().textContent()).toBe(String(khz));
    expect(await inspector.getByRole('row', { name: 'u8', exact: true }).locator('td').first().textContent()).toBe(String(bytes[khzAt]));
    expect(await inspector.getByRole('button', { name: 'Copy u32 LE' }).count()).toBe(1);
    // Its icon is drawn (a font glyph showed as an empty box where the font lacked it).
    expect((await inspector.getByRole('button', { name: 'Copy u32 LE' }).locator('svg').boundingBox())?.width).toBeGreaterThan(0);
    // Every number stands on one line (a u64 split over two reads as two numbers).
    for (const name of ['u32 LE', 'u64 LE', 's64 LE', 'u64 BE', 's64 BE', 'f64 LE']) {
      const lines = await inspector.getByRole('row', { name, exact: true }).locator('td').first().evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines, name).toBe(1);
    }
  });

  it('opens samples from the menu, and the start page after Close', async () => {
    await page.getByRole('button', { name: 'Samples ▾' }).click();
    await page.getByRole('menu', { name: 'Samples' }).getByRole('menuitem').filter({ hasText: SAMPLES[2]!.title }).click();
    await expect.poll(() => page.locator('.file-name').textContent()).toContain(`${SAMPLES[2]!.name}.save`);

    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Xen Stream Explorer' }).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-start.png') });
    await page.getByRole('list', { name: 'Samples' }).getByRole('button').filter({ hasText: SAMPLES[4]!.title }).click();
    await expect.poll(() => page.locator('.file-name').textContent()).toContain(`${SAMPLES[4]!.name}.save`);
    // Back to the file the rest of the tests look at.
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(file);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('guest-41.save');
  });

  it('looks right: a screenshot of the main view in light and dark', async () => {
    // A problem chosen, so the picture shows a record, its fields and the bytes at fault.
    await page.getByRole('region', { name: 'Validation' }).getByRole('listitem').filter({ hasText: 'H_STRICT_LENGTH' }).click();
    await expect.poll(() => page.locator('.fields-pane h2').textContent()).toContain('HVM_CONTEXT');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-main.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('lists the keyboard shortcuts on ?, over the explorer, and Escape closes the list', async () => {
    await page.locator('body').press('?');
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => list.isVisible()).toBe(true);
    expect(await list.getByRole('region', { name: 'Anywhere (outside a text box)' }).textContent()).toContain('Ctrl+G');
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-help.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => list.count()).toBe(0);
  });

  it('made no request outside its own origin, and its security policy forbids any', async () => {
    expect(foreign).toEqual([]);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // The policy is enforced: a request elsewhere is stopped by it before it leaves the page.
    const violated = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
          fetch('http://198.51.100.7/').catch(() => {});
        }),
    );
    expect(violated).toBe('connect-src');
  });
});
