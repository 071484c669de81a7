/** `xen-stream`: the decoder from the command line, for people, scripts and CI pipelines. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.ts';
import type { ConvertCliOptions } from './convert.ts';
import type { VerifyOptions } from './verify.ts';

// Each command's module is imported when that command runs: loading them all (and through them
// the converter, the generator and the rest of the decoder) cost `verify` about 75 ms.

export const USAGE = `usage: xen-stream <command> [options]
       xen-stream help COMMAND, or COMMAND --help: that command's options
       xen-stream --version (or -V)

  verify [--json] [-v] [-r] [-j|--jobs N] [--format auto|xl|libxl|libxc|legacy]
         [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE|DIR...
      Check that each file is a stream Xen can restore; report every problem with its offset.
      Exit status: 0 no file has an error, 1 some file has one, 2 usage or I/O problem.
      --json prints one JSON object per file per line. -r verifies every file under each DIR.
      -j, --jobs N verifies N files at once (default: one per core); each file's report is
      printed as soon as it is done, so with more than one job the order may differ from the
      command line's.
      A legacy (pre-Xen-4.6) stream does not say its toolstack width or guest type: they are
      taken from the domain config or guessed from the first bytes; --legacy-width and
      --legacy-guest say them when that is wrong.
  inspect [--json] [--stats] [--format ...] [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE
      One line per record: offset, layer, type, length, summary (! error, ? warning).
      --json prints the records with their decoded field trees.
      --stats prints statistics instead: records and bytes per type, pages, PFNs, rounds,
      checkpoints, vCPUs and the largest records (with --json, as one JSON object).
  vcpu [--vcpu N] [--json] [--format ...] [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE
      Each vCPU's registers (xenctx's names), the code bytes around rip and the stack words.
      --json: an object keyed by register name with "0x…" values; all vCPUs as an array.
  memory [--length N] [--physical | --vcpu N] [--raw | --json] [--format ...]
         [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE ADDRESS
      Guest memory at ADDRESS (0x… or decimal): guest-virtual through vCPU N's page tables
      (vCPU 0 by default), or guest-physical with --physical; read from each page's last copy.
      A hex dump (--length 1 to 16 MiB, default 256); --raw the bytes; --json the bytes and, per page,
      its PFN and the file offset of the copy read. Exit 1 with the reason when unreadable.
  export [--format elf|raw] [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE OUT
      The guest's memory: an ELF64 core (PT_LOAD per run of pages, p_paddr = PFN × 4096, and
      an NT_PRSTATUS note per vCPU, for gdb and crash), or raw: each page at PFN × 4096 in a
      sparse file of (max PFN + 1) × 4096 bytes.
  diff [--json] [--checkpoint N [--checkpoint M]] [--format ...] [--legacy-width 32|64]
       [--legacy-guest pv|hvm] A [B]
      What changed between two streams: a summary (pages same / changed / only in A / only in
      B, registers changed, config keys changed, records), then the details: changed PFN
      ranges, page types, each changed register and config key, the records inserted, removed
      or changed with the fields that differ. Pages are compared by their last copies.
      --checkpoint N compares both as of checkpoint N of a Remus/COLO stream (from 1); given
      twice, A as of N and B as of M; with one FILE, two checkpoints of that stream.
      --json: {"pages": {"same", "changed", "onlyA", "onlyB", "changedBytes", "typeChanged"},
      "changedPfns": [[first, last], …], "onlyAPfns", "onlyBPfns", "pageTypes",
      "vcpus": [{"vcpu", "changed": {NAME: [a, b]}}], "config": [{"path", "a", "b"}], "records"}.
      Exit status: 0 the same guest state, 1 they differ, 2 usage or I/O problem.
  convert [--format libxc|libxl|xl] [--checkpoint last|N] [--legacy-width 32|64]
          [--legacy-guest pv|hvm] IN OUT
      Convert a legacy (pre-Xen-4.6) image, in any container, to a stream Xen ≥ 4.6 restores:
      an xl save file keeping the domain config (default for xl input), a libxl stream (default
      otherwise) or a bare libxc stream. A Remus stream gives its last complete checkpoint (or
      checkpoint N, from 1), every page as last sent. The output is verified before it is kept.
      Exit status: 0 converted, 1 the stream cannot be converted (reason and offset said), 2 usage
      or I/O problem. Nothing is left under OUT unless it succeeded.
  generate [options] OUT
      Write a generated stream: --sample NAME, or --container xl|libxl|libxc, --guest hvm|pv64|pv32,
      --stream-version 2|3, --memory SIZE (e.g. 16G) or --pages N, --batch N, --vcpus N,
      --checkpoints N, --colo, --config json|xl|none, --zero-pages, --fault ID (repeatable).
      Dense streams: --batch 1 (one page per PAGE_DATA record), --xtab-only (every PAGE_DATA
      entry XTAB: no page contents), --checkpoints N (after the first, each checkpoint sends an
      eighth of the pages: --pages 16 gives two).
      --legacy writes a pre-Xen-4.6 stream instead: --container xl|xend|libvirt|bare,
      --toolstack 32|64, --tmem, --compression (Remus, with --checkpoints 2 or more).
      Page contents of big images are left as holes, so a 16 GiB file costs no disk.
  generate --list
      The built-in samples and the faults the generator knows.
  checks [--json|--markdown]
      Every check by id, with its severity and who enforces it (verify-stream-v2, restore, this tool).
`;

const FORMATS = ['auto', 'xl', 'libxl', 'libxc', 'legacy'] as const;
const LEGACY_OPTIONS = { 'legacy-width': { type: 'string' }, 'legacy-guest': { type: 'string' } } as const;

/**
 * The help of one command: its entries in USAGE (a line naming it, two spaces in, and the lines
 * indented deeper below it). Read from USAGE itself so that every command listed there has help.
 */
export function commandHelp(command: string): string | null {
  const lines: string[] = [];
  let inside = false;
  for (const line of USAGE.split('\n')) {
    const entry = /^  (\S+)/.exec(line);
    if (entry) inside = entry[1] === command;
    else if (!line.startsWith('   ')) inside = false;
    if (inside) lines.push(line);
  }
  return lines.length ? `usage: xen-stream ${lines.join('\n').trimStart()}\n` : null;
}

export const VERSION = `xen-stream ${packageJson.version}`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    io.out.write(VERSION + '\n');
    return EXIT_OK;
  }
  // `help CMD` and `CMD --help` (or -h), before the command's own option parsing refuses --help.
  const helpFor = command === 'help' && rest.length ? rest[0]! : command !== undefined && (rest.includes('--help') || rest.includes('-h')) ? command : null;
  if (helpFor !== null) {
    const help = commandHelp(helpFor);
    if (!help) {
      io.err.write(`xen-stream: unknown command "${helpFor}"\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.out.write(help);
    return EXIT_OK;
  }
  try {
    switch (command) {
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            json: { type: 'boolean' },
            verbose: { type: 'boolean', short: 'v' },
            format: { type: 'string' },
            jobs: { type: 'string', short: 'j' },
            recursive: { type: 'boolean', short: 'r' },
            ...LEGACY_OPTIONS,
          },
        });
        if (!positionals.length) throw new UsageError('verify needs at least one FILE');
        const run = { jobs: jobs(values.jobs), recursive: !!values.recursive };
        const { verify } = await import('./verify.ts');
        return await verify(positionals, { json: !!values.json, verbose: !!values.verbose, format: format(values.format), ...legacy(values) }, run, io);
      }
      case 'inspect': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, stats: { type: 'boolean' }, format: { type: 'string' }, ...LEGACY_OPTIONS } });
        if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE');
        const opts = { json: !!values.json, format: format(values.format), ...legacy(values) };
        if (values.stats) return await (await import('./stats.ts')).inspectStats(positionals[0]!, opts, io);
        return await (await import('./inspect.ts')).inspect(positionals[0]!, opts, io);
      }
      case 'vcpu': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { vcpu: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' }, ...LEGACY_OPTIONS } });
        if (positionals.length !== 1) throw new UsageError('vcpu takes exactly one FILE');
        const { vcpu } = await import('./vcpu.ts');
        return await vcpu(positionals[0]!, { json: !!values.json, format: format(values.format), ...legacy(values), ...(values.vcpu === undefined ? {} : { vcpu: vcpuId(values.vcpu) }) }, io);
      }
      case 'memory': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { length: { type: 'string' }, physical: { type: 'boolean' }, vcpu: { type: 'string' }, raw: { type: 'boolean' }, json: { type: 'boolean' }, format: { type: 'string' }, ...LEGACY_OPTIONS },
        });
        if (positionals.length !== 2) throw new UsageError('memory takes a FILE and an ADDRESS');
        if (values.physical && values.vcpu !== undefined) throw new UsageError('--physical and --vcpu exclude each other');
        if (values.raw && values.json) throw new UsageError('--raw and --json exclude each other');
        const length = values.length === undefined ? 256 : Number(parseNumber(values.length, '--length'));
        const output = values.raw ? 'raw' : values.json ? 'json' : 'hex';
        const { memory } = await import('./memory.ts');
        return await memory(positionals[0]!, { address: parseNumber(positionals[1]!, 'ADDRESS'), length, physical: !!values.physical, vcpu: values.vcpu === undefined ? 0 : vcpuId(values.vcpu), output, format: format(values.format), ...legacy(values) }, io);
      }
      case 'export': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string' }, ...LEGACY_OPTIONS } });
        if (positionals.length !== 2) throw new UsageError('export takes a FILE and an OUT file');
        const as = values.format ?? 'elf';
        if (as !== 'elf' && as !== 'raw') throw new UsageError('--format must be elf or raw');
        const { exportMemory } = await import('./export.ts');
        return await exportMemory(positionals[0]!, positionals[1]!, { as, format: 'auto', ...legacy(values) }, io);
      }
      case 'diff': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, checkpoint: { type: 'string', multiple: true }, format: { type: 'string' }, ...LEGACY_OPTIONS } });
        const cps = (values.checkpoint ?? []).map(checkpointNumber);
        if (cps.length > 2) throw new UsageError('diff takes --checkpoint at most twice (for A, then B)');
        if (positionals.length === 1 && cps.length !== 2) throw new UsageError('diff compares two FILEs, or two checkpoints of one FILE (--checkpoint N --checkpoint M)');
        if (positionals.length < 1 || positionals.length > 2) throw new UsageError('diff takes two FILEs (or one FILE and two --checkpoint)');
        const files: [string, string] = [positionals[0]!, positionals[1] ?? positionals[0]!];
        const checkpoints: [number | null, number | null] = [cps[0] ?? null, cps[1] ?? cps[0] ?? null];
        const { diff } = await import('./diff.ts');
        return await diff(files, { json: !!values.json, checkpoints, format: format(values.format), ...legacy(values) }, io);
      }
      case 'convert': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: 'string' }, checkpoint: { type: 'string' }, ...LEGACY_OPTIONS } });
        if (positionals.length !== 2) throw new UsageError('convert takes IN and OUT');
        const { convert } = await import('./convert.ts');
        return await convert(positionals[0]!, positionals[1]!, { ...outputFormat(values.format), ...checkpoint(values.checkpoint), ...legacy(values) }, io);
      }
      case 'generate': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            list: { type: 'boolean' },
            sample: { type: 'string' },
            container: { type: 'string' },
            guest: { type: 'string' },
            'stream-version': { type: 'string' },
            pages: { type: 'string' },
            memory: { type: 'string' },
            batch: { type: 'string' },
            vcpus: { type: 'string' },
            checkpoints: { type: 'string' },
            colo: { type: 'boolean' },
            config: { type: 'string' },
            'zero-pages': { type: 'boolean' },
            'xtab-only': { type: 'boolean' },
            fault: { type: 'string', multiple: true },
            legacy: { type: 'boolean' },
            toolstack: { type: 'string' },
            tmem: { type: 'boolean' },
            compression: { type: 'boolean' },
          },
        });
        const { generate, listGenerators } = await import('./generate.ts');
        if (values.list) return listGenerators(io);
        if (positionals.length !== 1) throw new UsageError('generate takes exactly one OUT file');
        const { 'stream-version': streamVersion, 'zero-pages': zeroPages, 'xtab-only': xtabOnly, list: _list, ...o } = values;
        return generate(
          positionals[0]!,
          { ...o, ...(streamVersion === undefined ? {} : { streamVersion }), ...(zeroPages === undefined ? {} : { zeroPages }), ...(xtabOnly === undefined ? {} : { xtabOnly }) },
          io,
        );
      }
      case 'checks': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } } });
        const { listChecks } = await import('./checks.ts');
        return listChecks(values.markdown ? 'markdown' : values.json ? 'json' : 'text', io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(USAGE);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // The usage of the command that was wrong, or of them all when the command is.
      io.err.write(`xen-stream: ${(e as Error).message}\n\n${(command && commandHelp(command)) || USAGE}`);
      return EXIT_USAGE;
    }
    io.err.write(`xen-stream: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
}

/** A number on the command line: 0x… hex or decimal. */
function parseNumber(text: string, what: string): bigint {
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) throw new UsageError(`${what} must be a number, 0x… hex or decimal (got "${text}")`);
  return BigInt(text);
}

function vcpuId(v: string): number {
  const id = parseNumber(v, '--vcpu');
  if (id > 4096n) throw new UsageError('--vcpu must be a vCPU id (at most 4096)');
  return Number(id);
}

/** --jobs N: files verified at once; by default one per core. */
function jobs(v: string | undefined): number {
  if (v === undefined) return availableParallelism();
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('--jobs takes a whole number, 1 or more');
  return n;
}

function format(v: string | undefined): VerifyOptions['format'] {
  if (v === undefined) return 'auto';
  if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return v as VerifyOptions['format'];
}

const OUTPUT_FORMATS = ['libxc', 'libxl', 'xl'] as const;

function outputFormat(v: string | undefined): Pick<ConvertCliOptions, 'format'> {
  if (v === undefined) return {};
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`convert --format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  return { format: v as (typeof OUTPUT_FORMATS)[number] };
}

function checkpoint(v: string | undefined): Pick<ConvertCliOptions, 'checkpoint'> {
  if (v === undefined || v === 'last') return {};
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError('--checkpoint must be "last" or a checkpoint number from 1');
  return { checkpoint: Number(v) };
}

function checkpointNumber(v: string): number {
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError('--checkpoint must be a checkpoint number from 1');
  return Number(v);
}

/** --legacy-width 32|64 and --legacy-guest pv|hvm, as ScanOptions.legacy. */
function legacy(values: { 'legacy-width'?: string | undefined; 'legacy-guest'?: string | undefined }): Pick<VerifyOptions, 'legacy'> {
  const w = values['legacy-width'];
  const g = values['legacy-guest'];
  if (w !== undefined && w !== '32' && w !== '64') throw new UsageError('--legacy-width must be 32 or 64');
  if (g !== undefined && g !== 'pv' && g !== 'hvm') throw new UsageError('--legacy-guest must be pv or hvm');
  if (w === undefined && g === undefined) return {};
  return { legacy: { ...(w ? { width: w === '32' ? 4 : 8 } : {}), ...(g ? { guest: g } : {}) } };
}
