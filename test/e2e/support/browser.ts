/** Debian's Chromium, headless, driven by playwright-core. Never a downloaded browser. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/** How the tests and the browser benchmark start Chromium: headless, quiet, nothing fetched. */
export const CHROMIUM_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

export function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch(CHROMIUM_OPTIONS);
}

/** Every URL a page asks for that is not its own origin's (or the page's own blob:/data: URLs). */
export function watchForeignRequests(page: Page, baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  return foreign;
}

/** Chromium with the explorer open in a 1440 × 900 page, and the foreign requests it makes. */
export async function openExplorer(baseUrl: string, options: { acceptDownloads?: boolean } = {}): Promise<{ browser: Browser; page: Page; foreign: string[] }> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, ...options });
  const foreign = watchForeignRequests(page, baseUrl);
  await page.goto(baseUrl);
  return { browser, page, foreign };
}
