import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../../src/decoder/bytes/ByteSource.ts';
import { parseJsonConfig, parseLibvirtXml, parseSxpConfig, parseXlConfig, trimTrailingNul } from '../../../src/decoder/config/domainConfig.ts';
import { decodeEntry } from '../../../src/decoder/decodeEntry.ts';
import { scanStream } from '../../../src/decoder/scan/scanStream.ts';
import { flattenFields } from '../../support/scans.ts';
import { XL_BYTEORDER, XL_MAGIC, XlFlag } from '../../../src/decoder/xl/header.ts';

/**
 * Config text is untrusted and can be megabytes long: parsing it must cost linear time. Each
 * input here kept a quadratic parser busy for minutes (the test's timeout is the failure); each
 * test asserts what a user sees once parsing returns.
 */

/** 3 MB of NUL bytes then one other byte: the input a structure-aware fuzzer found. */
const NULS_THEN_BYTE = '\0'.repeat(3_000_000) + 'x';

/** An xl header, built byte by byte, whose JSON config is `config` (latin-1). */
function xlHeaderWithConfig(config: string): Uint8Array {
  const b = new Uint8Array(52 + config.length);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < 32; i++) b[i] = XL_MAGIC.charCodeAt(i);
  dv.setUint32(32, XL_BYTEORDER, true);
  dv.setUint32(36, XlFlag.JSON | XlFlag.STREAMV2, true);
  dv.setUint32(44, 4 + config.length, true);
  dv.setUint32(48, config.length, true);
  for (let i = 0; i < config.length; i++) b[52 + i] = config.charCodeAt(i);
  return b;
}

describe('domain config parsing in linear time', () => {
  it('trims trailing NUL padding but keeps NULs followed by text', () => {
    expect(trimTrailingNul('{}\0\0\0')).toBe('{}');
    expect(trimTrailingNul(NULS_THEN_BYTE)).toBe(NULS_THEN_BYTE);
    expect(trimTrailingNul('\0'.repeat(3_000_000))).toBe('');
  });

  it('reports an xl header whose config is 3 MB of NUL then one byte as unparsable JSON', async () => {
    const r = await scanStream(new MemorySource(xlHeaderWithConfig(NULS_THEN_BYTE)));
    expect(r.diagnostics.find((d) => d.id === 'XL_CONFIG_UNPARSABLE')?.offset).toBe(52);
  });

  it('reads nothing from NUL runs in every config syntax', () => {
    expect(parseJsonConfig(NULS_THEN_BYTE).error).toMatch(/not valid JSON/);
    expect(parseXlConfig(NULS_THEN_BYTE)).toEqual({ format: 'xl' });
    expect(parseLibvirtXml(NULS_THEN_BYTE)).toEqual({ format: 'xml' });
    expect(parseSxpConfig(NULS_THEN_BYTE)).toEqual({ format: 'sxp' });
  });

  it('reads an xl config value after a long blank run, cut at its comment', () => {
    // A lazy `(.*?)\s*` value pattern retried the blank run at every position.
    expect(parseXlConfig(`name = a${' '.repeat(1_000_000)}b # comment\nvcpus = 2`)).toMatchObject({ name: `a${' '.repeat(1_000_000)}b`, vcpus: 2 });
    expect(parseXlConfig(`memory =${' '.repeat(1_000_000)}x`).memoryKiB).toBeUndefined();
  });

  it('finds libvirt tags after many unclosed opening tags', () => {
    // `<name(\s[^>]*)?>` rescanned to the end of the text at each unclosed `<name `.
    expect(parseLibvirtXml('<name '.repeat(500_000))).toEqual({ format: 'xml' });
    expect(parseLibvirtXml('<os>'.repeat(500_000) + '<type>hvm</type>')).toMatchObject({ type: 'hvm' });
    expect(parseLibvirtXml(`${'<name x'.repeat(500_000)}><name>vm1</name>`)).toMatchObject({ name: 'vm1' });
  });

  it('still reads ordinary configs of each syntax', () => {
    expect(parseXlConfig('name = "web" # the name\r\nvcpus=2\nmemory = 512\ntype=\'pvh\'\n\0\0')).toEqual({ format: 'xl', name: 'web', vcpus: 2, memoryKiB: 512 * 1024, type: 'pvh' });
    expect(parseLibvirtXml('<domain><name>vm1</name><vcpu placement="static">2</vcpu><memory unit="KiB">1024</memory><os><type arch="x86_64">hvm</type></os></domain>')).toEqual({ format: 'xml', name: 'vm1', vcpus: 2, memoryKiB: 1024, type: 'hvm' });
  });
});

describe('config lines in linear time', () => {
  it("an xl header's config of 3 MB of NUL then one byte lists as one line holding the byte", async () => {
    const bytes = xlHeaderWithConfig(NULS_THEN_BYTE);
    const r = await scanStream(new MemorySource(bytes));
    const tree = await decodeEntry(new MemorySource(bytes), r.index.get(0), r.facts);
    const lines = [...flattenFields(tree)].filter(([path]) => /\bline \d+$/.test(path)).map(([, f]) => f);
    expect(lines.map((f) => [f.offset, f.length, f.display === NULS_THEN_BYTE])).toEqual([[52, NULS_THEN_BYTE.length, true]]);
  });
});
