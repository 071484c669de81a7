/**
 * Offline use in real Chromium: once loaded, the explorer reloads and opens a sample and a file
 * with the network gone (its service worker precaches the build); and a new build is picked up
 * with a one-line notice, the page open at the time carrying on.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSample } from '../../src/generator/index.ts';
import { launch } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const SW = fileURLToPath(new URL('../../dist-web/sw.js', import.meta.url));
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;

const recordCount = () => page.getByTestId('record-count').textContent();
const notice = () => page.locator('.bars [role=status][aria-label="New version"]');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xse-offline-'));
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(baseUrl);
  // Installed and in control of the page (clientsClaim): the app is cached from here on.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('offline', () => {
  it('reloads, opens a sample and opens a file with the network gone', async () => {
    await context.setOffline(true);
    try {
      // The network really is gone: what the service worker did not cache cannot be fetched.
      expect(await page.evaluate(async () => fetch('./favicon.svg?probe=1').then(() => 'fetched', () => 'failed'))).toBe('failed');
      await page.reload();
      await expect.poll(recordCount, { timeout: 20_000 }).toMatch(/^\d+ records$/);
      await page.getByRole('button', { name: /Samples/ }).click();
      await page.getByRole('menuitem').filter({ hasText: 'Checkpointed Remus stream' }).click();
      await expect.poll(() => page.locator('.file-name').textContent()).toContain('remus');
      const file = join(dir, 'offline.save');
      writeFileSync(file, buildSample('broken-pv'));
      await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(file);
      await expect.poll(() => page.locator('.file-name').textContent()).toContain('offline.save');
      await expect.poll(recordCount).toMatch(/^\d+ records$/);
    } finally {
      await context.setOffline(false);
    }
  });

  it('picks up a new build on the next load and says so in one line', async () => {
    const original = readFileSync(SW);
    try {
      // A new build: any change to the service worker's bytes makes the browser install it.
      writeFileSync(SW, Buffer.concat([original, Buffer.from('\n// next build\n')]));
      // Loaded afresh (the address holds no link to the file opened before).
      await page.goto(baseUrl);
      await expect.poll(() => notice().textContent(), { timeout: 20_000 }).toContain('runs from the next load');
      // The page open meanwhile keeps working.
      await expect.poll(recordCount).toMatch(/^\d+ records$/);
      await notice().getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice().count()).toBe(0);
    } finally {
      writeFileSync(SW, original);
    }
  });
});
