import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SourceReadError } from '../../src/decoder/bytes/ByteSource.ts';
import { FileSource } from '../../src/node/FileSource.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';

/** Files the CLI cannot read get a plain message naming them and exit status 2, never "internal error". */

const dir = mkdtempSync(join(tmpdir(), 'xse-unreadable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { status, out, err };
}

describe('unreadable files', () => {
  // verify without -r points at -r instead (cli.test.ts); inspect reads the directory as a file.
  it('inspect on a directory says so and exits 2', async () => {
    const r = await run('inspect', dir);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`xen-stream: ${dir}: is a directory, not a file (EISDIR)\n`);
    expect(r.out).not.toMatch(/internal error/);
  });

  it('inspect on a missing file says so and exits 2', async () => {
    const r = await run('inspect', join(dir, 'missing.save'));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/missing\.save: no such file \(ENOENT\)/);
  });

  it('verify on a missing file names it once and exits 2', async () => {
    const missing = join(dir, 'missing.save');
    const r = await run('verify', missing);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`xen-stream: ${missing}: no such file (ENOENT)\n`);
  });

  it('convert on a missing file names it once and exits 2', async () => {
    const missing = join(dir, 'missing.save');
    const r = await run('convert', missing, join(dir, 'out.v2'));
    expect(r.status).toBe(2);
    expect(r.err).toBe(`xen-stream: ${missing}: no such file (ENOENT)\n`);
  });

  it('a file truncated while open fails its next read with the sizes, not with short data', async () => {
    // A generated valid stream, cut to 100 bytes after it was opened.
    const f = join(dir, 'shrinking.save');
    writeStreamFile({ pages: 8 }, f);
    const source = new FileSource(f);
    truncateSync(f, 100);
    const err = await source.read(0, 4096).catch((e: unknown) => e);
    source.close();
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toMatch(/shrinking\.save: the file shrank while being read \(\d+ bytes when opened, 100 now\)/);
  });
});
