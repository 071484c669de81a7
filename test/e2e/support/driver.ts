/**
 * The few things the shared end-to-end flows (test/e2e/flows/) do to a page, for each browser:
 * Chromium through playwright-core, Firefox ESR through puppeteer-core over WebDriver BiDi (both
 * Debian's browsers, never a download). Everything else a flow needs it reads with `evaluate`,
 * so that one test body serves both.
 */
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, CHROMIUM_OPTIONS } from './browser.ts';

export interface Driver {
  readonly browser: 'chromium' | 'firefox';
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Gives the file input matching `selector` the file at `path`. */
  upload(selector: string, path: string): Promise<void>;
  click(selector: string): Promise<void>;
  hover(selector: string): Promise<void>;
  /** Focuses `selector` and types `text` into it. */
  type(selector: string, text: string): Promise<void>;
  press(key: 'Enter' | 'ArrowDown' | 'Home' | 'End'): Promise<void>;
  /** Chooses the option of value `value` in the select matching `selector`. */
  select(selector: string, value: string): Promise<void>;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Evaluates a script in the page and what its promise gives (for callers without the DOM's types). */
  script<R>(expression: string): Promise<R>;
  screenshot(name: string): Promise<void>;
  /** Every URL the page asked for outside its own origin (blob: and data: URLs aside). */
  readonly foreign: string[];
  close(): Promise<void>;
}

const VIEWPORT = { width: 1440, height: 900 };

function foreignWatcher(baseUrl: string): { foreign: string[]; saw: (url: string) => void } {
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  return {
    foreign,
    saw: (url) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      if (new URL(url).origin !== origin) foreign.push(url);
    },
  };
}

export async function chromiumDriver(baseUrl: string): Promise<Driver> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch(CHROMIUM_OPTIONS);
  const page = await browser.newPage({ viewport: VIEWPORT });
  const watch = foreignWatcher(baseUrl);
  page.on('request', (r) => watch.saw(r.url()));
  return {
    browser: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    url: async () => page.url(),
    upload: (selector, path) => page.locator(selector).setInputFiles(path),
    click: (selector) => page.locator(selector).click(),
    hover: (selector) => page.locator(selector).hover(),
    type: async (selector, text) => {
      await page.locator(selector).fill('');
      await page.locator(selector).pressSequentially(text);
    },
    press: (key) => page.keyboard.press(key),
    select: async (selector, value) => void (await page.locator(selector).selectOption(value)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    script: (expression) => page.evaluate(expression) as never,
    screenshot: async (name) => void (await page.screenshot({ path: `${ARTIFACTS}${name}-chromium.png` })),
    foreign: watch.foreign,
    close: () => browser.close(),
  };
}

export async function firefoxDriver(baseUrl: string): Promise<Driver> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, defaultViewport: VIEWPORT });
  const page = await browser.newPage();
  const watch = foreignWatcher(baseUrl);
  page.on('request', (r) => watch.saw(r.url()));
  const element = async (selector: string) => {
    const el = await page.waitForSelector(selector, { timeout: 30_000 });
    if (!el) throw new Error(`no ${selector}`);
    return el;
  };
  return {
    browser: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    url: async () => page.url(),
    upload: async (selector, path) => {
      // Typed without the DOM's names: the browser benchmark (bench/) compiles this without them.
      const input = (await element(selector)) as unknown as { uploadFile(...paths: string[]): Promise<void> };
      await input.uploadFile(path);
    },
    click: async (selector) => {
      const el = await element(selector);
      await el.scrollIntoView();
      await el.click();
    },
    hover: async (selector) => (await element(selector)).hover(),
    type: async (selector, text) => {
      const el = await element(selector);
      await el.click({ count: 3 });
      await page.keyboard.press('Backspace');
      await el.type(text);
    },
    press: (key) => page.keyboard.press(key),
    select: async (selector, value) => {
      await element(selector);
      await page.select(selector, value);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    script: (expression) => page.evaluate(expression) as never,
    screenshot: async (name) => void (await page.screenshot({ path: `${ARTIFACTS}${name}-firefox.png` })),
    foreign: watch.foreign,
    close: () => browser.close(),
  };
}

/** Each browser's driver by its name, for the benches' XSE_BENCH_BROWSERS. */
export const DRIVERS: Record<string, (baseUrl: string) => Promise<Driver>> = { chromium: chromiumDriver, firefox: firefoxDriver };
