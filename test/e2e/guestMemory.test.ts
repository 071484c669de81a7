/**
 * The guest inside a real save image, in Chromium: open the real HVM image Xen wrote, open the
 * vCPUs tab, click rsp and see the stack page (the bytes the hex view shows are the file's at
 * the copy the decoder finds); export the memory as a raw image and check the download's size
 * and the stack page's bytes in it against the file.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemoryReader } from '../../src/decoder/memory/MemoryReader.ts';
import { readVcpus } from '../../src/decoder/memory/vcpus.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { realImage } from '../support/shared.ts';
import { openExplorer } from './support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let foreign: string[];
let file: string;
/** What the decoder says in Node: vCPU 0's rsp, its stack page's PFN and the copy's file offset, the highest PFN. */
let truth: { rsp: bigint; pfn: number; copy: number; maxPfn: number };

function fileBytes(path: string, offset: number, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const b = new Uint8Array(length);
    readSync(fd, b, 0, length, offset);
    return b;
  } finally {
    closeSync(fd);
  }
}

const hex = (v: number | bigint) => `0x${v.toString(16)}`;
const panel = () => page.getByRole('tabpanel');

beforeAll(async () => {
  file = await realImage('hvm');
  const source = new FileSource(file);
  const scan = await scanStream(source, { memory: true });
  const [v] = await readVcpus(source, scan);
  if (!v || 'error' in v.space) throw new Error('vCPU 0 has no address space');
  const rsp = v.registers.get('rsp')!;
  const read = await new MemoryReader(source, scan.memory!).readVirtual(v.space, rsp & ~0xfffn, 4096);
  if (!read.ok) throw new Error(read.reason);
  truth = { rsp, pfn: read.pieces[0]!.pfn, copy: read.pieces[0]!.fileOffset, maxPfn: scan.memory!.maxPfn };
  source.close();
  ({ browser, page, foreign } = await openExplorer(baseUrl, { acceptDownloads: true }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('guest memory in Chromium, on the real HVM image', () => {
  it('opens the image from the file input', async () => {
    await page.getByLabel('Open a save image', { exact: true }).first().setInputFiles(file);
    await expect.poll(() => page.locator('.file-name').textContent()).toContain('.save');
    await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).count(), { timeout: 60_000 }).toBe(0);
  }, 90_000);

  it("the vCPUs tab's rsp opens the stack page: the hex view shows the file's bytes at the copy, with guest addresses", async () => {
    await page.getByRole('tab', { name: 'vCPUs' }).click();
    const regs = panel().getByRole('table', { name: 'Registers' });
    const rsp = regs.getByRole('row', { name: /^rsp / });
    await expect.poll(() => rsp.textContent(), { timeout: 30_000 }).toContain(truth.rsp.toString(16).padStart(16, '0'));
    await rsp.getByRole('button').click();
    await expect.poll(() => page.getByRole('tab', { name: 'Memory', exact: true }).getAttribute('aria-selected')).toBe('true');
    const where = panel().getByLabel('Where the page lies');
    await expect.poll(() => where.textContent(), { timeout: 30_000 }).toContain(`PFN${hex(truth.pfn)}`);
    expect(await where.textContent()).toContain(`file ${hex(truth.copy)}`);
    // The hex view shows the byte at rsp: the row holding it matches the file there.
    const at = truth.copy + Number(truth.rsp & 0xfffn);
    const rowStart = at - (at % 16);
    const cells = page.getByRole('region', { name: 'Hex' }).locator('.hex-row').filter({ has: page.locator(`[data-offset="${at}"]`) });
    await expect.poll(() => cells.locator('.hex-bytes .b:not(.unk)').count(), { timeout: 30_000 }).toBe(16);
    const shown = (await cells.locator('.hex-bytes .b').allTextContents()).join('');
    expect(shown).toBe(Buffer.from(fileBytes(file, rowStart, 16)).toString('hex'));
    // And names the guest-virtual address of the row's first byte in the page.
    const label = await cells.locator('.hex-guest').textContent();
    expect(BigInt(`0x${label}`)).toBe((truth.rsp & ~0xfffn) + BigInt(Math.max(rowStart, truth.copy) - truth.copy));
  });

  it('Export memory… as a raw image downloads (max PFN + 1) pages, the stack page where its PFN says', async () => {
    await page.getByRole('button', { name: 'Export memory…' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /Raw image/ }).click()]);
    const path = await download.path();
    expect(statSync(path).size).toBe((truth.maxPfn + 1) * 4096);
    expect(fileBytes(path, truth.pfn * 4096, 4096)).toEqual(fileBytes(file, truth.copy, 4096));
    expect(foreign).toEqual([]);
  }, 120_000);
});
