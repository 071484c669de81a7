/**
 * The project's shared folder (specs, real images, upstream tools): $XSE_SHARED_DIR, else
 * ../shared beside the repository; nowhere else, so a checkout never reads a stray copy. Tests that
 * need it fail loudly when it is missing rather than skip: a skipped test checks nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
/** The checkout: two folders up, or three when compiled into dist/ (for the fuzz script). */
const repo = resolve(here, existsSync(resolve(here, '../../tsconfig.json')) ? '../..' : '../../..');

export function sharedDir(): string {
  const candidates = [process.env.XSE_SHARED_DIR, resolve(repo, '../shared')].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(join(d, 'spec')));
  if (!found) throw new Error(`shared folder not found (tried ${candidates.join(', ')}); set XSE_SHARED_DIR`);
  return found;
}

export const REAL_IMAGES = {
  hvm: 'hvm-1vcpu-128m-stdvga',
  pv: 'pv-2vcpu-128m-restored-resaved',
} as const;

/** The uncompressed real image, unpacked once into the temp folder. */
export async function realImage(name: keyof typeof REAL_IMAGES): Promise<string> {
  const base = REAL_IMAGES[name];
  const out = join(tmpdir(), `xse-real-${base}.save`);
  if (!existsSync(out)) {
    const part = `${out}.${process.pid}.part`;
    await pipeline(createReadStream(join(sharedDir(), 'testdata/real', `${base}.save.gz`)), createGunzip(), createWriteStream(part));
    renameSync(part, out);
  }
  return out;
}

export function realVerifyText(name: keyof typeof REAL_IMAGES): string {
  return join(sharedDir(), 'testdata/real', `${REAL_IMAGES[name]}.verify.txt`);
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface UpstreamResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Fetches and unpacks Xen's tools into their cache (the first run needs apt-get). */
export function prepareUpstream(): Promise<void> {
  return new Promise((done, fail) =>
    execFile(join(sharedDir(), 'tools/xen-upstream'), ['--where'], (err, _out, stderr) => (err ? fail(new Error(`xen-upstream --where failed: ${stderr}`)) : done())),
  );
}

function upstream(args: string[]): Promise<UpstreamResult> {
  return new Promise((done) => {
    execFile(join(sharedDir(), 'tools/xen-upstream'), args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      done({ status, stdout, stderr });
    });
  });
}

/** Runs Xen 4.17's verify-stream-v2 (through ../shared/tools/xen-upstream) on a file. */
export function upstreamVerify(file: string, format: 'xl' | 'libxl' | 'libxc' = 'xl'): Promise<UpstreamResult> {
  return upstream(['verify-stream-v2', '-f', format, '-v', '-i', file]);
}

/** Runs Xen 4.17's convert-legacy-stream on a bare legacy stream, with its width and guest type given. */
export function upstreamConvert(input: string, output: string, o: { width: 4 | 8; guest: 'pv' | 'hvm'; format: 'libxc' | 'libxl' }): Promise<UpstreamResult> {
  return upstream(['convert-legacy-stream', '--in', input, '--out', output, '--width', String(o.width * 8), '--guest', o.guest, '--format', o.format]);
}

export const REPO = repo;
