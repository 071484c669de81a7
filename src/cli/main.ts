/** `xen-stream`: the decoder from the command line, for people, scripts and CI pipelines. */
import { parseArgs } from 'node:util';
import { listChecks } from './checks.ts';
import { generate, listGenerators } from './generate.ts';
import { inspect } from './inspect.ts';
import { inspectStats } from './stats.ts';
import { EXIT_USAGE, UsageError, type CliIo } from './io.ts';
import { verify, type VerifyOptions } from './verify.ts';

export const USAGE = `usage: xen-stream <command> [options]

  verify [--json] [-v] [--format auto|xl|libxl|libxc|legacy] [--legacy-width 32|64]
         [--legacy-guest pv|hvm] FILE...
      Check that each file is a stream Xen can restore; report every problem with its offset.
      Exit status: 0 no file has an error, 1 some file has one, 2 usage or I/O problem.
      --json prints one JSON object per file per line.
      A legacy (pre-Xen-4.6) stream does not say its toolstack width or guest type: they are
      taken from the domain config or guessed from the first bytes; --legacy-width and
      --legacy-guest say them when that is wrong.
  inspect [--json] [--stats] [--format ...] [--legacy-width 32|64] [--legacy-guest pv|hvm] FILE
      One line per record: offset, layer, type, length, summary (! error, ? warning).
      --json prints the records with their decoded field trees.
      --stats prints statistics instead: records and bytes per type, pages, PFNs, rounds,
      checkpoints, vCPUs and the largest records (with --json, as one JSON object).
  generate [options] OUT
      Write a generated stream: --sample NAME, or --container xl|libxl|libxc, --guest hvm|pv64|pv32,
      --stream-version 2|3, --memory SIZE (e.g. 16G) or --pages N, --batch N, --vcpus N,
      --checkpoints N, --colo, --config json|xl|none, --zero-pages, --fault ID (repeatable).
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

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'verify': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' }, format: { type: 'string' }, ...LEGACY_OPTIONS },
        });
        if (!positionals.length) throw new UsageError('verify needs at least one FILE');
        return await verify(positionals, { json: !!values.json, verbose: !!values.verbose, format: format(values.format), ...legacy(values) }, io);
      }
      case 'inspect': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, stats: { type: 'boolean' }, format: { type: 'string' }, ...LEGACY_OPTIONS } });
        if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE');
        const opts = { json: !!values.json, format: format(values.format), ...legacy(values) };
        return await (values.stats ? inspectStats : inspect)(positionals[0]!, opts, io);
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
            fault: { type: 'string', multiple: true },
            legacy: { type: 'boolean' },
            toolstack: { type: 'string' },
            tmem: { type: 'boolean' },
            compression: { type: 'boolean' },
          },
        });
        if (values.list) return listGenerators(io);
        if (positionals.length !== 1) throw new UsageError('generate takes exactly one OUT file');
        const { 'stream-version': streamVersion, 'zero-pages': zeroPages, list: _list, ...o } = values;
        return generate(positionals[0]!, { ...o, ...(streamVersion === undefined ? {} : { streamVersion }), ...(zeroPages === undefined ? {} : { zeroPages }) }, io);
      }
      case 'checks': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } } });
        return listChecks(values.markdown ? 'markdown' : values.json ? 'json' : 'text', io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(USAGE);
        return command === undefined ? EXIT_USAGE : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`xen-stream: ${(e as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.err.write(`xen-stream: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
}

function format(v: string | undefined): VerifyOptions['format'] {
  if (v === undefined) return 'auto';
  if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return v as VerifyOptions['format'];
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
