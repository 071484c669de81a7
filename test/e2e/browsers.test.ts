/**
 * The main flows (flows/mainFlows.ts) in both of Debian's browsers: Chromium through
 * playwright-core and Firefox ESR through puppeteer-core over WebDriver BiDi.
 */
import { inject } from 'vitest';
import { chromiumDriver, firefoxDriver } from './support/driver.ts';
import { mainFlows } from './flows/mainFlows.ts';

const baseUrl = inject('baseUrl');
mainFlows('Chromium', baseUrl, chromiumDriver);
mainFlows('Firefox', baseUrl, firefoxDriver);
