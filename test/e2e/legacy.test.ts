/**
 * A legacy stream in Chromium: the decoding control under the header, switching guest type and
 * toolstack width rescans the same stream and the facts follow; the link reproduces the choice.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLES } from '../../src/generator/index.ts';
import { ARTIFACTS, openExplorer } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const legacyPv = SAMPLES.find((s) => s.name === 'legacy-pv')!;
let browser: Browser;
let page: Page;
let foreign: string[];

const bar = () => page.getByRole('group', { name: 'Legacy stream decoding' });
const facts = () => page.getByTestId('facts').textContent();
const scanDone = () => expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);

beforeAll(async () => {
  ({ browser, page, foreign } = await openExplorer(baseUrl));
});

afterAll(async () => {
  await browser?.close();
});

describe('legacy decoding control in Chromium', () => {
  it('is shown for a legacy sample with what the scan inferred, and its records are coloured by kind', async () => {
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('hvm-v3.save');
    expect(await bar().count()).toBe(0);
    await page.getByRole('button', { name: 'Samples ▾' }).click();
    await page.getByRole('menu', { name: 'Samples' }).getByRole('menuitem').filter({ hasText: legacyPv.title }).click();
    await expect.poll(facts).toContain('x86 PV 64-bit (per the domain config)');
    await scanDone();
    expect(await bar().getByRole('combobox', { name: 'Toolstack' }).inputValue()).toBe('auto');
    expect(await bar().getByRole('combobox', { name: 'Guest' }).locator('option:checked').textContent()).toBe('Auto (PV)');
    expect(await bar().getByTestId('legacy-decided-by').textContent()).toMatch(/^64-bit toolstack .*; PV guest from the domain config/);
    const batch = page.getByRole('grid', { name: 'Records' }).getByRole('row').filter({ hasText: 'page batch' }).first();
    expect(await batch.getAttribute('class')).toContain('cat-memory');
  });

  it('scans the stream again as the guest type chosen; the facts and the link follow, and a reload keeps it', async () => {
    const records = await page.getByTestId('record-count').textContent();
    await bar().getByRole('combobox', { name: 'Guest' }).selectOption('hvm');
    await expect.poll(facts).toContain('x86 HVM (as given)');
    await scanDone();
    expect(await bar().getByTestId('legacy-decided-by').textContent()).toContain('HVM guest as given by the user');
    // Read as HVM, the PV stream's tail makes no sense: the decoding really changed.
    expect(await page.getByTestId('record-count').textContent()).not.toBe(records);
    await expect.poll(() => page.url()).toContain('&legacy-guest=hvm&');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'legacy-control.png') });

    await page.reload();
    await expect.poll(facts, { timeout: 10_000 }).toContain('x86 HVM (as given)');
    expect(await bar().getByRole('combobox', { name: 'Guest' }).inputValue()).toBe('hvm');
  });

  it('scans it again as the width chosen, and back to what the scan infers', async () => {
    await bar().getByRole('combobox', { name: 'Toolstack' }).selectOption('4');
    await expect.poll(facts).toContain('from a 32-bit toolstack (as given)');
    await scanDone();
    await expect.poll(() => page.url()).toContain('&legacy-width=32&legacy-guest=hvm&');
    await bar().getByRole('combobox', { name: 'Toolstack' }).selectOption('auto');
    await bar().getByRole('combobox', { name: 'Guest' }).selectOption('auto');
    await expect.poll(facts).toContain('x86 PV 64-bit (per the domain config), Xen ≤ 4.5 stream from a 64-bit toolstack');
    await expect.poll(() => page.url()).not.toMatch(/legacy-(width|guest)=/);
  });

  it('made no request outside its own origin', () => {
    expect(foreign).toEqual([]);
  });
});
