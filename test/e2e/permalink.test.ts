/**
 * Permalinks in real headless Chromium: a link to a field of a generated file, copied and
 * opened in a new page, asks for the file and lands on the same record, field and bytes; a
 * different file is called out; a sample link needs no file; Back walks the selections.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../src/decoder/decodeEntry.ts';
import { fieldKeyPath, type Field } from '../../src/decoder/model/Field.ts';
import { entryName } from '../../src/decoder/names.ts';
import { scanStream, type ScanResult } from '../../src/decoder/scan/scanStream.ts';
import { buildSample } from '../../src/generator/index.ts';
import { ARTIFACTS, launch, watchForeignRequests } from './support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
/** What each page asked of other origins (watchForeignRequests fills them as it goes). */
const foreign: string[][] = [];
let dir: string;
let file: string;
let otherFile: string;
let bytes: Uint8Array;
let truth: ScanResult;
/** The X86_TSC_INFO record and its khz field, which the link points at. */
let tsc: number;
let khz: { path: number[]; keys: string; field: Field };
/** The link copied in the first test. */
let link: string;

const hex = (o: number) => '0x' + o.toString(16);
const records = (p: Page) => p.getByRole('grid', { name: 'Records' });
const selectedRecord = (p: Page) => records(p).locator('[aria-selected="true"]').getAttribute('data-record');
const selectedField = (p: Page) => p.getByRole('tree', { name: 'Fields' }).locator('[aria-selected="true"] .tree-name').textContent();
const hexCell = (p: Page, o: number) => p.getByRole('region', { name: 'Hex' }).locator(`[data-offset="${o}"]`);

async function newPage(url: string): Promise<Page> {
  const p = await context.newPage();
  foreign.push(watchForeignRequests(p, baseUrl));
  await p.goto(url);
  return p;
}

/** The page shows record `record` selected, with field `name` and exactly its bytes highlighted. */
async function expectSelected(p: Page, record: number, name: string, offset: number, length: number) {
  await expect.poll(() => selectedRecord(p)).toBe(String(record));
  await expect.poll(() => selectedField(p)).toBe(name);
  for (let o = offset - 2; o < offset + length + 2; o++) {
    await expect.poll(() => hexCell(p, o).evaluate((el) => el.classList.contains('sel'))).toBe(o >= offset && o < offset + length);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-e2e-link-'));
  bytes = buildSample('broken-hvm');
  file = join(dir, 'guest-41.save');
  writeFileSync(file, bytes);
  otherFile = join(dir, 'guest-99.save');
  writeFileSync(otherFile, buildSample('remus'));
  truth = await scanStream(new MemorySource(bytes));
  tsc = [...Array(truth.index.count).keys()].find((i) => {
    const e = truth.index.get(i);
    return entryName(e.layer, e.type, e.flags) === 'X86_TSC_INFO';
  })!;
  const tree = await decodeEntry(new MemorySource(bytes), truth.index.get(tsc), truth.facts);
  const path = [tree.findIndex((f) => f.name !== 'record header')];
  const body = tree[path[0]!]!;
  const i = body.children!.findIndex((f) => f.name === 'khz');
  khz = { path: [...path, i], keys: fieldKeyPath(tree, [...path, i])!, field: body.children![i]! };
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('permalinks in Chromium', () => {
  it('copies a link to a field of an opened file: its name, size, fingerprint, record, field and bytes', async () => {
    const page = await newPage(baseUrl);
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(file);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('guest-41.save');
    // Indexed up to the record gone to (an offset not indexed yet selects no record).
    await expect.poll(() => page.getByTestId('record-count').textContent()).toBe(`${truth.index.count} records`);
    await page.getByRole('textbox', { name: 'Go to offset' }).fill(hex(truth.index.offset(tsc)));
    await page.keyboard.press('Enter');
    await page.getByRole('tree', { name: 'Fields' }).getByRole('treeitem').filter({ has: page.locator('.tree-name', { hasText: /^khz$/ }) }).click();
    await expectSelected(page, tsc, 'khz', khz.field.offset, khz.field.length);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Link copied' }).count()).toBe(1);
    link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`#v=2&file=guest-41\\.save&size=${bytes.length}&fp=[0-9a-f]{16}&rec=${tsc}&field=${khz.keys.replace(/\./g, '\\.')}&schema=1&sel=${hex(khz.field.offset)}\\+4&top=0x[0-9a-f]+$`));
    expect(page.url()).toBe(link);
    // The shortcut copies the same.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.keyboard.press('l');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.close();
  });

  it('opens the link in a new page, asks for the file by name and size, and lands on the same field when it is given', async () => {
    const page = await newPage(link);
    const prompt = page.getByRole('main', { name: 'Open the file this link points at' });
    await expect.poll(() => prompt.count()).toBe(1);
    const expected = await prompt.getByLabel('The file the link needs').textContent();
    expect(expected).toContain('guest-41.save');
    expect(expected).toContain(`${bytes.length.toLocaleString('en-US')} bytes`);
    expect(await prompt.textContent()).toContain(`record #${tsc}, field ${khz.keys}, bytes ${hex(khz.field.offset)}–${hex(khz.field.offset + 3)} (4 bytes)`);
    await page.screenshot({ path: join(ARTIFACTS, 'permalink-prompt.png') });
    await prompt.locator('input[type=file]').setInputFiles(file);
    await expectSelected(page, tsc, 'khz', khz.field.offset, khz.field.length);
    expect(await page.locator('.fields-pane h2').textContent()).toBe(`#${tsc} X86_TSC_INFO`);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(page.url()).toBe(link);

    // Back walks the selections: choose another record, then go back to the field.
    const next = tsc + 1;
    await records(page).locator(`[data-record="${next}"]`).click();
    await expect.poll(() => page.url()).toContain(`&rec=${next}&`);
    await page.goBack();
    await expectSelected(page, tsc, 'khz', khz.field.offset, khz.field.length);
    expect(page.url()).toBe(link);
    await page.goForward();
    await expect.poll(() => selectedRecord(page)).toBe(String(next));
    await page.close();
  });

  it('says plainly when a different file is given, and goes to the spot anyway when asked', async () => {
    const page = await newPage(link);
    await page.getByRole('main', { name: 'Open the file this link points at' }).locator('input[type=file]').setInputFiles(otherFile);
    const warning = page.getByRole('alert', { name: 'Not the link\'s file' });
    await expect.poll(() => warning.count()).toBe(1);
    const text = await warning.textContent();
    expect(text).toContain('This is not the file the link points at: its size is different.');
    expect(text).toContain('guest-41.save');
    expect(text).toContain('guest-99.save');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'permalink-mismatch.png') });
    await warning.getByRole('button', { name: 'Go there anyway' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    await expect.poll(() => selectedRecord(page)).toBe(String(tsc));
    expect(await page.locator('.file-name').textContent()).toContain('guest-99.save');
    await page.close();
  });

  it('lands on a sample link without any file, and on the nearest record for one beyond the index', async () => {
    const page = await newPage(`${baseUrl}#v=1&sample=broken-hvm&rec=${tsc}&field=${khz.path.join('.')}&sel=${hex(khz.field.offset)}+4`);
    await expectSelected(page, tsc, 'khz', khz.field.offset, khz.field.length);
    expect(await page.locator('.file-name').textContent()).toContain('broken-hvm.save');

    await page.goto(`${baseUrl}#v=1&sample=broken-hvm&rec=99999`);
    const notice = page.getByRole('status', { name: 'About this link' });
    await expect.poll(() => notice.textContent()).toContain(`record 99999, but this file has ${truth.index.count} records`);
    await expect.poll(() => selectedRecord(page)).toBe(String(truth.index.count - 1));
    await page.screenshot({ path: join(ARTIFACTS, 'permalink-bad-link.png') });
    await page.close();
  });

  it('made no request outside its own origin', () => {
    expect(foreign.flat()).toEqual([]);
    expect(foreign.length).toBeGreaterThan(3);
  });
});
