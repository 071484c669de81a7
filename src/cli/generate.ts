/** `xen-stream generate`: write a generated stream (valid, or with faults) to a file. */
import { sizeText } from '../decoder/dissect/show.ts';
import { FAULTS, LEGACY_FAULTS, SAMPLES, type FaultName, type LegacyFaultName, type LegacyOptions, type StreamSpec } from '../generator/index.ts';
import { writeStreamFile } from '../node/writeStream.ts';
import { EXIT_OK, UsageError, type CliIo } from './io.ts';

export interface GenerateOptions {
  sample?: string;
  container?: string;
  guest?: string;
  streamVersion?: string;
  pages?: string;
  memory?: string;
  batch?: string;
  vcpus?: string;
  checkpoints?: string;
  colo?: boolean;
  config?: string;
  zeroPages?: boolean;
  xtabOnly?: boolean;
  fault?: string[];
  /** A legacy (pre-Xen-4.6) stream; --container then takes xl|xend|libvirt|bare. */
  legacy?: boolean;
  toolstack?: string;
  tmem?: boolean;
  compression?: boolean;
}

/** "16G", "512M", "4096K" or bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`not a size: "${s}" (use e.g. 512M or 16G)`);
  const mult = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.floor(Number(m[1]) * mult);
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number`);
  return n;
}

export function specFromOptions(o: GenerateOptions): StreamSpec {
  const sample = o.sample === undefined ? undefined : SAMPLES.find((x) => x.name === o.sample);
  if (o.sample !== undefined && !sample) throw new UsageError(`unknown sample "${o.sample}" (one of ${SAMPLES.map((x) => x.name).join(', ')})`);
  const legacy = sample ? sample.spec.legacy !== undefined : !!o.legacy;
  const table: Record<string, unknown> = legacy ? LEGACY_FAULTS : FAULTS;
  const faults = (o.fault ?? []).map((f) => {
    if (!(f in table)) throw new UsageError(`unknown ${legacy ? 'legacy ' : ''}fault "${f}" (xen-stream generate --list shows them)`);
    return f;
  });
  if (sample) {
    const s = sample.spec;
    if (s.legacy) return { ...s, legacy: { ...s.legacy, faults: [...(s.legacy.faults ?? []), ...(faults as LegacyFaultName[])] } };
    return { ...s, faults: [...(s.faults ?? []), ...(faults as FaultName[])] };
  }
  const pages = o.memory !== undefined ? Math.ceil(parseSize(o.memory) / 4096) : count('pages', o.pages);
  const spec: StreamSpec = legacy ? { legacy: legacyOptions(o, faults as LegacyFaultName[]) } : { faults: faults as FaultName[] };
  if (!legacy) {
    const container = oneOf('container', o.container, ['xl', 'libxl', 'libxc'] as const);
    if (container) spec.container = container;
  }
  const guest = oneOf('guest', o.guest, ['hvm', 'pv64', 'pv32'] as const);
  const version = oneOf('stream-version', o.streamVersion, ['2', '3'] as const);
  const config = oneOf('config', o.config, ['json', 'xl', 'none'] as const);
  if (guest) spec.guest = guest;
  if (version) spec.version = version === '2' ? 2 : 3;
  if (config) spec.config = config;
  if (pages !== undefined) spec.pages = pages;
  const batch = count('batch', o.batch);
  if (batch) spec.batch = batch;
  const vcpus = count('vcpus', o.vcpus);
  if (vcpus) spec.vcpus = vcpus;
  const checkpoints = count('checkpoints', o.checkpoints);
  if (checkpoints) spec.checkpoints = checkpoints;
  if (o.colo) spec.colo = true;
  if (o.xtabOnly) spec.xtabOnly = true;
  // Big images get zero pages (holes in a sparse file) unless asked otherwise.
  if (o.zeroPages || (pages ?? 0) * 4096 > 64 * 2 ** 20) spec.pageContent = 'zero';
  return spec;
}

function legacyOptions(o: GenerateOptions, faults: LegacyFaultName[]): LegacyOptions {
  const l: LegacyOptions = { faults };
  const container = oneOf('container', o.container, ['xl', 'xend', 'libvirt', 'bare'] as const);
  const toolstack = oneOf('toolstack', o.toolstack, ['32', '64'] as const);
  if (container) l.container = container;
  if (toolstack) l.toolstack = toolstack === '32' ? 32 : 64;
  if (o.tmem) l.tmem = true;
  if (o.compression) l.compression = true;
  return l;
}

export function listGenerators(io: CliIo): number {
  io.out.write('Samples (--sample NAME):\n');
  for (const s of SAMPLES) io.out.write(`  ${s.name.padEnd(14)} ${s.title}\n`);
  io.out.write('\nFaults (--fault ID, repeatable; each triggers the check of the same id):\n');
  for (const [name, f] of Object.entries(FAULTS)) io.out.write(`  ${name.padEnd(28)} ${f.description}\n`);
  io.out.write('\nLegacy faults (with --legacy or a legacy sample):\n');
  for (const [name, f] of Object.entries(LEGACY_FAULTS)) io.out.write(`  ${name.padEnd(32)} ${f.description}\n`);
  return EXIT_OK;
}

export function generate(out: string, o: GenerateOptions, io: CliIo): number {
  const spec = specFromOptions(o);
  const { size } = writeStreamFile(spec, out);
  io.out.write(`wrote ${out}: ${sizeText(size)}${spec.pageContent === 'zero' ? ' (page contents left as holes: a sparse file)' : ''}\n`);
  return EXIT_OK;
}
