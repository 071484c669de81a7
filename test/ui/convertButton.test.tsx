import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { convertLegacy } from '../../src/convert/convertLegacy.ts';
import { PlanSource } from '../../src/decoder/output/PlanSource.ts';
import { buildLegacyStream, buildSample, legacyFaultSpec } from '../../src/generator/index.ts';
import { App } from '../../src/ui/App.tsx';
import { renderExplorer, scanned } from './support/renderExplorer.tsx';

/**
 * "Convert to v2…" in the header bar: offered for legacy streams only; downloads the converted
 * stream (verified, under the file's name with "-v2") or says why it cannot, and where.
 */

/** The conversion runs in-process here: give it the time a loaded machine needs. */
const CONVERTED = { timeout: 30_000 };

const downloads: { blob: Blob; name: string }[] = [];
function catchDownloads(): void {
  let last: Blob | null = null;
  URL.createObjectURL = vi.fn((b: Blob) => ((last = b), 'blob:converted'));
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ blob: last!, name: this.download });
  });
}
afterEach(() => {
  downloads.length = 0;
  vi.restoreAllMocks();
});

const blobBytes = (b: Blob) =>
  new Promise<Uint8Array>((done) => {
    const r = new FileReader();
    r.onload = () => done(new Uint8Array(r.result as ArrayBuffer));
    r.readAsArrayBuffer(b);
  });

describe('Convert to v2…', () => {
  it('is not offered for a v2 stream', async () => {
    const { controller, store } = renderExplorer(<App />);
    act(() => controller.openSample('hvm-v3'));
    await scanned(store);
    expect(screen.queryByRole('button', { name: 'Convert to v2…' })).toBeNull();
  });

  it('downloads a dropped legacy xl file as a verified xl save file of stream v2', async () => {
    catchDownloads();
    const { controller, store } = renderExplorer(<App />);
    // A Xen 4.5 xl save file of an HVM guest.
    const file = new File([buildLegacyStream({ guest: 'hvm', pages: 64, batch: 16, legacy: {} }) as Uint8Array<ArrayBuffer>], 'old.save');
    act(() => controller.openFile(file));
    await scanned(store);
    fireEvent.click(screen.getByRole('button', { name: 'Convert to v2…' }));
    await waitFor(() => expect(screen.getByText(/Downloading old-v2\.save: the stream as an xl save file, verified/)).toBeTruthy(), CONVERTED);
    expect(downloads.map((d) => d.name)).toEqual(['old-v2.save']);
    const v2 = await scanStream(new MemorySource(await blobBytes(downloads[0]!.blob)));
    expect(v2.facts.containers).toEqual(['xl', 'libxl v2', 'libxc v3']);
    expect(v2.counts.error).toBe(0);
  });

  it('says why a stream the 4.5 restorer refuses cannot be converted, and downloads nothing', async () => {
    catchDownloads();
    const { controller, store } = renderExplorer(<App />);
    // A PV stream whose first page entry has an undefined type.
    const file = new File([buildLegacyStream(legacyFaultSpec('LEGACY_PAGE_TYPE')) as Uint8Array<ArrayBuffer>], 'bad.save');
    act(() => controller.openFile(file));
    await scanned(store);
    fireEvent.click(screen.getByRole('button', { name: 'Convert to v2…' }));
    await waitFor(() => expect(screen.getByText(/Cannot convert \(at 0x[0-9a-f]+\): .*LEGACY_PAGE_TYPE/)).toBeTruthy(), CONVERTED);
    expect(downloads).toEqual([]);
  });

  it('converts a built-in legacy sample too', async () => {
    catchDownloads();
    const { controller, store } = renderExplorer(<App />);
    act(() => controller.openSample('legacy-pv'));
    await scanned(store);
    fireEvent.click(screen.getByRole('button', { name: 'Convert to v2…' }));
    await waitFor(() => expect(downloads).toHaveLength(1), CONVERTED);
    expect((await scanStream(new MemorySource(await blobBytes(downloads[0]!.blob)))).counts.error).toBe(0);
  });

  it('converts a compressed Remus sample to the same stream as the command line', async () => {
    catchDownloads();
    const { controller, store } = renderExplorer(<App />);
    // Three checkpoints, the last two with compressed pages (full, unchanged and deltas).
    act(() => controller.openSample('legacy-remus'));
    await scanned(store);
    fireEvent.click(screen.getByRole('button', { name: 'Convert to v2…' }));
    await waitFor(() => expect(downloads).toHaveLength(1), CONVERTED);
    const got = await blobBytes(downloads[0]!.blob);
    const source = new MemorySource(buildSample('legacy-remus'));
    const c = await convertLegacy(source, await scanStream(source));
    expect(c.checkpoint).toBe(3);
    expect(Buffer.from(got).equals(await new PlanSource(c.plan, source, 'cli').read(0, c.plan.size))).toBe(true);
  });
});
