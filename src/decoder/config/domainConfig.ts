/**
 * The few facts the validator takes from an embedded domain configuration: guest type and vCPU
 * count (for checks that restore makes against the domain being created), plus name and memory
 * for the header summary. xl stores libxl JSON (mandatory flag JSON) or xl config-file text;
 * libvirt stores domain XML.
 */
export interface DomainConfig {
  format: 'json' | 'xl' | 'xml' | 'sxp';
  name?: string;
  type?: 'pv' | 'hvm' | 'pvh';
  vcpus?: number;
  memoryKiB?: number;
  /** Set when the text does not parse as its format says. */
  error?: string;
}

type Json = { [k: string]: unknown };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function guestType(v: unknown): DomainConfig['type'] {
  return v === 'pv' || v === 'hvm' || v === 'pvh' ? v : undefined;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

/**
 * The text without its trailing NUL padding. A loop, not /\0+$/: that regex retries at every NUL
 * of a run not at the end, which is quadratic (3 MB of NULs then one byte took minutes).
 */
export function trimTrailingNul(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * The text of the first `<tag …>text</tag>` at or after `from`, found with indexOf so that the
 * cost stays linear whatever the text (a regex with `[^>]*` rescans the rest at each `<tag`).
 */
function tagText(text: string, tag: string, from = 0): string | undefined {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  for (let at = text.indexOf(open, from); at >= 0; ) {
    const next = text[at + open.length];
    if (next !== '>' && !(next !== undefined && /\s/.test(next))) {
      at = text.indexOf(open, at + open.length);
      continue;
    }
    const gt = text.indexOf('>', at + open.length);
    if (gt < 0) return undefined;
    const lt = text.indexOf('<', gt + 1);
    if (lt < 0) return undefined;
    if (text.startsWith(close, lt)) return text.slice(gt + 1, lt).trim();
    // Any other `<tag` before `gt` ends at the same `>`, so it fails the same way.
    at = text.indexOf(open, gt + 1);
  }
  return undefined;
}

export function parseJsonConfig(text: string): DomainConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(trimTrailingNul(text));
  } catch (e) {
    return { format: 'json', error: `not valid JSON: ${(e as Error).message}` };
  }
  if (!isObject(doc)) return { format: 'json', error: 'JSON is not an object' };
  const c = isObject(doc.c_info) ? doc.c_info : {};
  const b = isObject(doc.b_info) ? doc.b_info : {};
  const cfg: DomainConfig = { format: 'json' };
  if (typeof c.name === 'string') cfg.name = c.name;
  const type = guestType(c.type);
  if (type) cfg.type = type;
  const vcpus = positive(b.max_vcpus);
  if (vcpus) cfg.vcpus = vcpus;
  const mem = positive(b.max_memkb);
  if (mem) cfg.memoryKiB = mem;
  return cfg;
}

/**
 * xl config-file syntax: `key = value` lines, # comments. Only simple scalars are read. The value
 * is cut at `#` and trimmed by hand: a lazy `(.*?)\s*` regex is quadratic on long blank runs.
 */
export function parseXlConfig(text: string): DomainConfig {
  const values = new Map<string, string>();
  for (const line of trimTrailingNul(text).split('\n')) {
    const key = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(line);
    if (!key) continue;
    const rest = line.slice(key[0].length);
    const hash = rest.indexOf('#');
    const value = (hash < 0 ? rest : rest.slice(0, hash)).trim();
    const quoted = value.length >= 2 && `"'`.includes(value[0]!) && `"'`.includes(value[value.length - 1]!);
    values.set(key[1]!, quoted ? value.slice(1, -1) : value);
  }
  const cfg: DomainConfig = { format: 'xl' };
  const name = values.get('name');
  if (name) cfg.name = name;
  const type = guestType(values.get('type') ?? (values.get('builder') === 'hvm' ? 'hvm' : values.has('builder') ? 'pv' : undefined));
  if (type) cfg.type = type;
  const vcpus = positive(Number(values.get('maxvcpus') ?? values.get('vcpus')));
  if (vcpus) cfg.vcpus = vcpus;
  const mem = positive(Number(values.get('maxmem') ?? values.get('memory')));
  if (mem) cfg.memoryKiB = mem * 1024;
  return cfg;
}

/** libvirt domain XML: only <name>, <vcpu>, <memory> and <os><type>. */
export function parseLibvirtXml(text: string): DomainConfig {
  const cfg: DomainConfig = { format: 'xml' };
  const tag = (t: string) => tagText(text, t);
  const name = tag('name');
  if (name) cfg.name = name;
  const osAt = text.indexOf('<os>');
  const os = osAt < 0 ? undefined : tagText(text, 'type', osAt);
  const type = os === 'linux' || os === 'xen' ? 'pv' : guestType(os);
  if (type) cfg.type = type;
  const vcpus = positive(Number(tag('vcpu')));
  if (vcpus) cfg.vcpus = vcpus;
  const mem = positive(Number(tag('memory')));
  if (mem) cfg.memoryKiB = mem;
  return cfg;
}

/**
 * xend's SXP domain config (`xm save` images): `(domain (name …) (memory MiB) (vcpus N)
 * (image (hvm …) or (linux …)) …)`. Only those values are read, by pattern.
 */
export function parseSxpConfig(text: string): DomainConfig {
  const cfg: DomainConfig = { format: 'sxp' };
  const value = (key: string) => new RegExp(`\\(${key}\\s+([^\\s()]+)\\)`).exec(text)?.[1];
  const name = value('name');
  if (name) cfg.name = name.replace(/^'(.*)'$/, '$1');
  const image = /\(image\s+\((\w+)/.exec(text)?.[1];
  if (image === 'hvm') cfg.type = 'hvm';
  else if (image === 'linux') cfg.type = 'pv';
  const vcpus = positive(Number(value('vcpus')));
  if (vcpus) cfg.vcpus = vcpus;
  const mem = positive(Number(value('memory')));
  if (mem) cfg.memoryKiB = mem * 1024;
  return cfg;
}
