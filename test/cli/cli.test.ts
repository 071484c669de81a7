import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandHelp, main } from '../../src/cli/main.ts';
import type { VerifyJob, VerifyOutcome } from '../../src/cli/verify.ts';
import { runInWorkers, WORKER_DEPTH, workerModule } from '../../src/cli/verifyPool.ts';
import { writeStreamFile } from '../../src/node/writeStream.ts';
import { SPEC_IDS_NOT_EMITTED } from '../../src/decoder/core/checks.ts';
import { REPO, sharedDir } from '../support/shared.ts';

/** The xen-stream command as scripts and people use it: output, exit status, files written. */

const dir = mkdtempSync(join(tmpdir(), 'xse-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, name);
const valid = file('valid.save');
const broken = file('broken.save');
writeStreamFile({ guest: 'pv64', pages: 64, batch: 16 }, valid);
writeStreamFile({ guest: 'pv64', pages: 64, batch: 16, faults: ['R_PV_VCPU0_MISSING', 'TSC_INFO_RESERVED'] }, broken);

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { status, out, err };
}

describe('verify', () => {
  it('says VALID and exits 0 for a valid file', async () => {
    const r = await run('verify', valid);
    expect(r.status).toBe(0);
    expect(r.out).toContain('xl → libxl v2 → libxc v3, x86 PV 64-bit, Xen 4.17');
    expect(r.out).toMatch(/VALID: 0 errors/);
  });

  it('lists each problem with its hex offset and id, and exits 1', async () => {
    const r = await run('verify', broken);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/error\s+0x[0-9a-f]+\s+TSC_INFO_RESERVED\s+#\d+ X86_TSC_INFO: /);
    expect(r.out).toMatch(/error\s+0x[0-9a-f]+\s+R_PV_VCPU0_MISSING/);
    expect(r.out).toMatch(/INVALID: 2 errors/);
  });

  it('prints one JSON object per file per line', async () => {
    const r = await run('verify', '--json', valid, broken);
    expect(r.status).toBe(1);
    // Files run in parallel: each line comes as its file is done, in any order.
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const [v, b] = [valid, broken].map((f) => lines.find((l) => l.file === f));
    expect(v).toMatchObject({ file: valid, size: statSync(valid).size, format: 'xl', valid: true });
    expect(b.valid).toBe(false);
    const tsc = b.diagnostics.find((d: { id: string }) => d.id === 'TSC_INFO_RESERVED');
    expect(Object.keys(tsc).sort()).toEqual(['id', 'length', 'message', 'offset', 'record', 'severity']);
    expect(tsc).toMatchObject({ severity: 'error', length: 4 });
    for (const l of lines) expect(l.records).toBeGreaterThan(10);
    for (const l of lines) expect(l.bytesRead).toBeGreaterThan(0);
  });

  it('exits 2 when a file cannot be read, and still verifies the others', async () => {
    const r = await run('verify', file('missing.save'), valid);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/missing\.save: .*ENOENT/);
    expect(r.out).toMatch(/VALID/);
  });

  it('-r verifies every file under a directory, in parallel (--jobs), one JSON line each', async () => {
    // A tree: files at two depths, one broken; the verdicts must not depend on the number of jobs.
    const tree = file('tree');
    mkdirSync(join(tree, 'a/b'), { recursive: true });
    for (const name of ['a/1.save', 'a/2.save', 'a/b/3.save', 'top.save']) writeStreamFile({ guest: 'pv64', pages: 16, batch: 16 }, join(tree, name));
    writeStreamFile({ guest: 'pv64', pages: 16, batch: 16, faults: ['TSC_INFO_RESERVED'] }, join(tree, 'a/b/bad.save'));
    const verdicts = (out: string) => Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l)).map((l) => [l.file.slice(tree.length + 1), l.valid]));
    const parallel = await run('verify', '--json', '-r', '--jobs', '3', tree);
    expect(parallel.status).toBe(1);
    expect(verdicts(parallel.out)).toEqual({ 'a/1.save': true, 'a/2.save': true, 'a/b/3.save': true, 'a/b/bad.save': false, 'top.save': true });
    const serial = await run('verify', '--json', '-r', '--jobs', '1', tree);
    expect(verdicts(serial.out)).toEqual(verdicts(parallel.out));
  });

  it('says a directory needs -r and exits 2, still verifying the files named', async () => {
    const r = await run('verify', dir, valid);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`${dir}: is a directory (use -r`);
    expect(r.out).toMatch(/VALID/);
    expect((await run('verify', '--jobs', '0', valid)).status).toBe(2);
  });

  it('pulls files from the listing only as workers free up (memory bounded by --jobs, not the number of files)', async () => {
    let pulled = 0;
    let finished = 0;
    let mostAhead = 0;
    async function* many(): AsyncGenerator<VerifyJob> {
      for (let i = 0; i < 60; i++) {
        pulled++;
        mostAhead = Math.max(mostAhead, pulled - finished);
        yield { path: file(`absent-${i}.save`), opts: { json: true, verbose: false, format: 'auto' } };
      }
    }
    await runInWorkers<VerifyJob, VerifyOutcome>(many(), {
      module: workerModule('verifyWorker'),
      threads: 3,
      settle: () => undefined,
      crashed: (j, e) => ({ file: j.path, error: e.message }),
      done: (o) => {
        expect(o.error).toMatch(/ENOENT/);
        finished++;
      },
    });
    expect(finished).toBe(60);
    // Each of the 3 workers holds its next job while it runs one.
    expect(mostAhead).toBeLessThanOrEqual(3 * WORKER_DEPTH);
  });

  it('when a worker dies on a job, reports that job as failed and gives the jobs it held to a new worker', async () => {
    // A worker module that dies on the jobs named "boom" and answers the others.
    const module = file('dies-on-boom.mjs');
    writeFileSync(module, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (job) => { if (job.startsWith('boom')) throw new Error('died on ' + job); parentPort.postMessage('did ' + job); });\n");
    const jobs = ['a', 'b', 'boom-1', 'c', 'd', 'boom-2', 'e', 'f', 'g'];
    async function* list(): AsyncGenerator<string> {
      yield* jobs;
    }
    const outcomes: string[] = [];
    await runInWorkers<string, string>(list(), { module, threads: 2, settle: () => undefined, crashed: (j, e) => `${j} failed: ${e.message}`, done: (o) => outcomes.push(o) });
    expect(outcomes.sort()).toEqual(['boom-1 failed: died on boom-1', 'boom-2 failed: died on boom-2', ...jobs.filter((j) => !j.startsWith('boom')).map((j) => `did ${j}`)].sort());
  });

  it('honours --format: a libxl stream forced as xl has no xl header', async () => {
    const f = file('bare.libxl');
    writeStreamFile({ container: 'libxl' }, f);
    expect((await run('verify', f)).status).toBe(0);
    const r = await run('verify', '--format', 'xl', f);
    expect(r.status).toBe(1);
    expect(r.out).toContain('XL_BAD_MAGIC');
  });
});

describe('inspect', () => {
  it('prints one line per record with offset, layer, type and length', async () => {
    const r = await run('inspect', valid);
    expect(r.status).toBe(0);
    const rows = r.out.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows[0]).toMatch(/^\s+0x0\s+xl\s+xl header\s+\d+\s+flags JSON \+ STREAMv2/);
    expect(rows.some((l) => /0x[0-9a-f]+\s+libxc\s+PAGE_DATA\s+\d+\s+16 PFNs 0x0–0xf, 16 pages/.test(l))).toBe(true);
    expect(rows.at(-1)).toMatch(/libxl\s+END\s+8/);
  });

  it('marks records with problems', async () => {
    const r = await run('inspect', broken);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^!\s+0x[0-9a-f]+\s+libxc\s+X86_TSC_INFO/m);
  });

  it('--json gives the records with their field trees', async () => {
    const r = await run('inspect', '--json', valid);
    const doc = JSON.parse(r.out);
    expect(doc.valid).toBe(true);
    const info = doc.records.find((x: { name: string }) => x.name === 'X86_PV_INFO');
    const body = info.fields.find((f: { name: string }) => f.name === 'body');
    expect(body.children.find((f: { name: string }) => f.name === 'guest_width')).toMatchObject({ raw: 8, length: 1, offset: info.offset + 8 });
    const page = doc.records.find((x: { name: string }) => x.name === 'PAGE_DATA');
    expect(JSON.stringify(page.fields)).toContain('"name":"pfn[15]"');
  });
});

describe('generate', () => {
  it('writes a sparse multi-GiB image that verifies', async () => {
    const f = file('big.save');
    const r = await run('generate', '--memory', '2G', '--guest', 'hvm', f);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/2\.00 GiB \(page contents left as holes/);
    const st = statSync(f);
    expect(st.size).toBeGreaterThan(2 * 2 ** 30);
    expect(st.blocks * 512).toBeLessThan(st.size / 50);
    expect((await run('verify', f)).status).toBe(0);
  });

  it('puts in the faults asked for', async () => {
    const f = file('fault.save');
    expect((await run('generate', '--fault', 'PAGE_DATA_BAD_TYPE', '--fault', 'TRAILING_DATA', f)).status).toBe(0);
    const v = await run('verify', '--json', f);
    const ids = JSON.parse(v.out).diagnostics.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['PAGE_DATA_BAD_TYPE', 'TRAILING_DATA']));
  });

  it('lists samples and faults', async () => {
    const r = await run('generate', '--list');
    expect(r.out).toMatch(/remus/);
    expect(r.out).toMatch(/PAGE_DATA_BAD_TYPE/);
  });
});

describe('usage', () => {
  it('--version prints the package version and exits 0', async () => {
    const r = await run('--version');
    expect(r).toEqual({ status: 0, out: `xen-stream ${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}\n`, err: '' });
  });

  it('`help CMD` and `CMD --help` print that command\'s options, for every command in the usage, and exit 0', async () => {
    const commands = [...(await run('help')).out.matchAll(/^  (\w+)/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['verify', 'inspect', 'generate', 'checks']));
    for (const c of new Set(commands)) {
      for (const argv of [['help', c], [c, '--help'], [c, '-h']]) {
        const r = await run(...argv);
        expect(r.status, argv.join(' ')).toBe(0);
        expect(r.out, argv.join(' ')).toMatch(new RegExp(`^usage: xen-stream ${c}\\b`));
      }
    }
    expect((await run('help', 'generate')).out).toContain('generate --list');
    expect((await run('help', 'verify')).out).not.toContain('inspect');
  });

  it('`help` for an unknown command exits 2 with the usage', async () => {
    const r = await run('help', 'frobnicate');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"[\s\S]*usage: xen-stream/);
  });


  it('rejects unknown commands, options and faults with exit 2 and the usage', async () => {
    for (const argv of [['frobnicate'], ['verify'], ['verify', '--bogus', valid], ['generate', '--fault', 'NOPE', file('x')], ['verify', '--format', 'zip', valid]]) {
      const r = await run(...argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/usage: xen-stream/);
    }
  });

  it('a wrong option of a known command shows that command\'s usage, not every command\'s', async () => {
    const r = await run('memory', '--physical', '--vcpu', '1', valid, '0x10');
    expect(r.status).toBe(2);
    expect(r.err).toBe(`xen-stream: --physical and --vcpu exclude each other\n\n${commandHelp('memory')}`);
  });
});

/** The bin as installed: it runs the bundle in dist/cli/, not the modules the tests import. */
const bin = (...args: string[]) =>
  new Promise<{ status: number; stdout: string }>((done) => execFile(process.execPath, [join(REPO, 'bin/xen-stream.js'), ...args], (e, stdout) => done({ status: e ? Number(e.code) : 0, stdout })));

it('the xen-stream bin runs the built CLI', async () => {
  const { status, stdout } = await bin('verify', '--json', broken);
  expect(status).toBe(1);
  expect(JSON.parse(stdout).diagnostics.map((d: { id: string }) => d.id)).toContain('R_PV_VCPU0_MISSING');
});

it('the bin verifies files on worker threads (--jobs), which load the bundle\'s worker module', async () => {
  const { status, stdout } = await bin('verify', '--json', '--jobs', '2', valid, broken);
  expect(status).toBe(1);
  const verdicts = Object.fromEntries(stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; valid: boolean }).map((v) => [v.file, v.valid]));
  expect(verdicts).toEqual({ [valid]: true, [broken]: false });
});

it('the bin stops quietly when its reader closes the pipe early (`| head`)', async () => {
  // The reader is gone before the first write: every write fails with EPIPE.
  const child = spawn(process.execPath, [join(REPO, 'bin/xen-stream.js'), 'checks', '--markdown'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((done) => child.on('close', done));
  expect(stderr).toBe('');
  expect(status).toBe(0);
});

describe('checks', () => {
  it('docs/checks.md is what `xen-stream checks --markdown` prints (the docs match the code)', async () => {
    const r = await run('checks', '--markdown');
    expect(readFileSync(join(REPO, 'docs/checks.md'), 'utf8')).toBe(r.out);
  });

  it('accounts for every id of the spec catalogue: reported, or listed with the reason it is not', async () => {
    const spec = readFileSync(join(sharedDir(), 'spec/validation-checks.md'), 'utf8');
    const ids = new Set([...spec.matchAll(/^\| ([A-Z][A-Z0-9_]+(?: \/ [A-Z][A-Z0-9_]+)?) \|/gm)].flatMap((m) => m[1]!.split(' / ')).filter((id) => id !== 'ID'));
    expect(ids.size).toBeGreaterThan(100);
    const known = JSON.parse((await run('checks', '--json')).out).map((c: { id: string }) => c.id);
    const missing = [...ids].filter((id) => !known.includes(id) && !(id in SPEC_IDS_NOT_EMITTED));
    expect(missing).toEqual([]);
  });
});

it('inspect marks no row for a note (info) alone', async () => {
  const f = file('hvm.save');
  writeStreamFile({ pages: 8 }, f);
  const r = await run('inspect', f);
  // Every HVM stream carries the SPEC_HVM_ORDER note on its HVM_PARAMS record.
  expect(r.out).toMatch(/^ \s+0x[0-9a-f]+\s+libxc\s+HVM_PARAMS/m);
});
