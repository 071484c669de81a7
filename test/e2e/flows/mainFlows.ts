/**
 * The explorer's main flows as one test body per flow, run in every browser by a thin driver
 * (support/driver.ts): open a file through the input and by drag and drop, field ↔ byte
 * highlighting both ways, a diagnostic to its bytes, an offset past 4 GiB in a sparse 5 GiB
 * image, a permalink to a field, the legacy decoding control, and no request leaving the origin.
 * Fixtures: the generated broken-hvm sample (records, fields, diagnostics), the truncated sample
 * (dropped), a 5 GiB generated HVM image with a marker written past 4 GiB, the legacy-pv sample.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { fieldAt, type Field } from '../../../src/decoder/model/Field.ts';
import { entryName } from '../../../src/decoder/names.ts';
import { describeFacts } from '../../../src/decoder/scan/facts.ts';
import { scanStream, type ScanResult } from '../../../src/decoder/scan/scanStream.ts';
import { buildSample } from '../../../src/generator/index.ts';
import { FileSource } from '../../../src/node/FileSource.ts';
import { MARKER, writeBigImage } from '../support/bigImage.ts';
import type { Driver } from '../support/driver.ts';

const SLOW = { timeout: 60_000 };

const hex = (o: number) => '0x' + o.toString(16);
const hexOffset = (o: number, digits = 8) => '0x' + o.toString(16).padStart(digits, '0');
const cell = (o: number) => `.hex-pane [data-offset="${o}"]`;

export function mainFlows(name: string, baseUrl: string, open: (baseUrl: string) => Promise<Driver>): void {
  describe(`main flows in ${name}`, () => {
    let d: Driver;
    let dir: string;
    let file: string;
    let bytes: Uint8Array;
    let truth: ScanResult;
    let tsc: number;

    /** The text of the first element matching `selector`, or null. */
    const text = (selector: string) => d.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
    const hasClass = (selector: string, cls: string) => d.evaluate(([s, c]) => document.querySelector(s!)?.classList.contains(c!) ?? null, [selector, cls]);
    const selectedRecord = () => d.evaluate(() => document.querySelector('[role=grid] [aria-selected="true"]')?.getAttribute('data-record') ?? null, null);
    const selectedField = () => text('[role=tree] [aria-selected="true"] .tree-name');
    /** Marks the element of `selector` whose text is `label` (exactly, or the row's text containing all of `parts`), so the driver can click it. */
    const mark = (selector: string, parts: string[]) =>
      d.evaluate(([s, ...want]) => {
        document.querySelectorAll('[data-e2e]').forEach((e) => e.removeAttribute('data-e2e'));
        const hit = [...document.querySelectorAll(s!)].find((e) => want.every((w) => (e.textContent ?? '').includes(w)));
        hit?.setAttribute('data-e2e', 'target');
        return hit !== undefined;
      }, [selector, ...parts]);
    const fieldRow = (field: string) =>
      d.evaluate((f) => {
        document.querySelectorAll('[data-e2e]').forEach((e) => e.removeAttribute('data-e2e'));
        const name = [...document.querySelectorAll('[role=tree] .tree-name')].find((e) => e.textContent === f);
        name?.closest('[role=treeitem]')?.setAttribute('data-e2e', 'target');
        return name !== undefined;
      }, field);
    const scanned = async (count: number) => {
      await expect.poll(() => text('[data-testid=record-count]'), SLOW).toBe(`${count.toLocaleString('en-US')} records`);
      await expect.poll(() => d.evaluate(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Cancel'), null), SLOW).toBe(false);
    };
    const goTo = async (offset: number) => {
      await d.type('#goto-offset', hex(offset));
      await d.press('Enter');
    };
    /** Record `record` selected, with field `field` and exactly its bytes highlighted. */
    const expectSelected = async (record: number, field: Field) => {
      await expect.poll(selectedRecord).toBe(String(record));
      await expect.poll(selectedField).toBe(field.name);
      for (let o = field.offset - 2; o < field.offset + field.length + 2; o++) {
        await expect.poll(() => hasClass(cell(o), 'sel')).toBe(o >= field.offset && o < field.offset + field.length);
      }
    };
    const khzField = async () => {
      const tree = await decodeEntry(new MemorySource(bytes), truth.index.get(tsc), truth.facts);
      return tree.flatMap((f) => f.children ?? []).find((f) => f.name === 'khz')!;
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `xse-flows-${name}-`));
      bytes = buildSample('broken-hvm');
      file = join(dir, 'guest-41.save');
      writeFileSync(file, bytes);
      truth = await scanStream(new MemorySource(bytes));
      tsc = [...Array(truth.index.count).keys()].find((i) => {
        const e = truth.index.get(i);
        return entryName(e.layer, e.type, e.flags) === 'X86_TSC_INFO';
      })!;
      d = await open(baseUrl);
      await d.goto(baseUrl);
    });

    afterAll(async () => {
      await d?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('opens a file through the file input, and shows every record with the format line', async () => {
      await d.upload('header input[aria-label="Open a save image"]', file);
      await expect.poll(() => text('.file-name')).toContain('guest-41.save');
      await scanned(truth.index.count);
      expect(await text('[data-testid=facts]')).toBe(describeFacts(truth.facts));
    });

    it('highlights a field\'s bytes when the field is chosen, and the field when its byte is clicked', async () => {
      const e = truth.index.get(tsc);
      await goTo(e.offset);
      await expect.poll(() => text('.fields-pane h2')).toBe(`#${tsc} X86_TSC_INFO`);
      // Field → bytes.
      const khz = await khzField();
      await expect.poll(() => fieldRow('khz')).toBe(true);
      await d.click('[data-e2e=target]');
      await expectSelected(tsc, khz);
      // Byte → field: a byte inside the nsec field.
      const fields = await decodeEntry(new MemorySource(bytes), e, truth.facts);
      const want = fieldAt(fields, e.offset + 8 + 8 + 3)!.field;
      await d.click(cell(e.offset + 19));
      await expect.poll(selectedField).toBe(want.name);
      // Hovering a field marks its bytes without selecting it.
      await expect.poll(() => fieldRow('mode')).toBe(true);
      await d.hover('[data-e2e=target]');
      await expect.poll(() => hasClass(cell(e.offset + 8), 'hov')).toBe(true);
      expect(await selectedField()).toBe(want.name);
    });

    it('follows a diagnostic to its record and bytes', async () => {
      const diag = [...truth.diagnostics].filter((x) => x.record >= 0 && x.length > 0).sort((a, b) => a.offset - b.offset)[0]!;
      await expect.poll(() => mark('[aria-label=Validation] [role=listitem] button', [diag.id, hexOffset(diag.offset, 0)])).toBe(true);
      await d.click('[data-e2e=target]');
      await expect.poll(selectedRecord).toBe(String(diag.record));
      await expect.poll(() => hasClass(cell(diag.offset), 'sel')).toBe(true);
    });

    it('keeps a link to a field, and lands on it when the link is opened and the file given', async () => {
      const khz = await khzField();
      await goTo(truth.index.offset(tsc));
      await expect.poll(() => fieldRow('khz')).toBe(true);
      await d.click('[data-e2e=target]');
      await expectSelected(tsc, khz);
      await expect.poll(() => d.url()).toContain(`&rec=${tsc}&field=`);
      const link = await d.url();
      expect(link).toMatch(new RegExp(`#v=2&file=guest-41\\.save&size=${bytes.length}&fp=[0-9a-f]{16}&rec=${tsc}&field=[^&]+&schema=1&sel=${hex(khz.offset)}\\+4&`));
      // A fresh page: the link asks for its file, by name and size.
      await d.goto('about:blank');
      await d.goto(link);
      await expect.poll(() => text('main.link-prompt')).toContain('guest-41.save');
      await d.upload('main input[type=file]', file);
      await expectSelected(tsc, khz);
      expect(await d.url()).toBe(link);
    });

    it('opens a file dropped on the page', async () => {
      const dropped = buildSample('truncated');
      await d.evaluate((b64) => {
        const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([data], 'dropped.save'));
        const target = document.querySelector('.app')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, Buffer.from(dropped).toString('base64'));
      await expect.poll(() => text('.file-name')).toContain('dropped.save');
      await expect.poll(() => text('[data-testid=error-count]')).not.toBe('0 errors');
    });

    it('rescans a legacy stream as the guest type chosen, and the link keeps the choice', async () => {
      await d.goto('about:blank');
      await d.goto(`${baseUrl}#v=2&sample=legacy-pv`);
      await expect.poll(() => text('[data-testid=facts]'), SLOW).toContain('x86 PV 64-bit (per the domain config)');
      await d.select('[aria-label="Legacy stream decoding"] label:nth-of-type(2) select', 'hvm');
      await expect.poll(() => text('[data-testid=facts]'), SLOW).toContain('x86 HVM (as given)');
      await expect.poll(() => d.url()).toContain('legacy-guest=hvm');
    });

    it('goes to an offset past 4 GiB of a sparse 5 GiB image, shows the bytes there and selects the field holding them', async () => {
      const big = await writeBigImage(dir);
      await d.goto('about:blank');
      await d.goto(baseUrl);
      await d.upload('header input[aria-label="Open a save image"]', big.path);
      await expect.poll(() => text('.file-name')).toContain('big-hvm.save');
      await scanned(big.truth.index.count);
      await goTo(big.target);
      for (let i = 0; i < MARKER.length; i++) await expect.poll(() => text(cell(big.target + i))).toBe(MARKER.charCodeAt(i).toString(16));
      const chars = await d.evaluate((t) => [...document.querySelectorAll<HTMLElement>('[data-char]')].filter((e) => Number(e.dataset.char) >= t && Number(e.dataset.char) < t + 16).map((e) => e.textContent).join(''), big.target);
      expect(chars).toBe(MARKER);
      // The bytes around it are the hole's zeros.
      expect(await text(cell(big.target - 1))).toBe('00');
      const source = new FileSource(big.path);
      const fields = await decodeEntry(source, big.truth.index.get(big.truth.index.entryAt(big.target)), big.truth.facts);
      source.close();
      await expect.poll(selectedField).toBe(fieldAt(fields, big.target)!.field.name);
      await d.screenshot('flows-past-4gib');
    });

    it('made no request outside its own origin', () => {
      expect(d.foreign).toEqual([]);
    });
  });
}
