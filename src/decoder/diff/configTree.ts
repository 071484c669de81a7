/**
 * A domain config as a flat tree of key paths to values, so two configs compare key by key:
 * libxl JSON by its object paths (`b_info.max_memkb`, `disks[0].vdev`), xl config text by its
 * `key = value` settings, and the XML and SXP configs, which this tool does not parse beyond a
 * few facts, by their lines.
 */
import type { ByteSource } from '../bytes/ByteSource.ts';
import { trimTrailingNul, type DomainConfig } from '../config/domainConfig.ts';
import { latin1 } from '../dissect/show.ts';
import { decodeEntry } from '../decodeEntry.ts';
import type { Field } from '../model/Field.ts';
import { EntryFlag } from '../model/RecordIndex.ts';
import type { ScanResult } from '../scan/scanStream.ts';

/** Key path → value as text. */
export type ConfigTree = Map<string, string>;

/** The group of a header's field tree holding the config's lines (see configLines.ts). */
function configGroup(fields: readonly Field[]): Field | null {
  for (const f of fields) {
    if (f.children?.[0]?.name === 'line 1') return f;
    const inner = f.children ? configGroup(f.children) : null;
    if (inner) return inner;
  }
  return null;
}

/** The domain config text embedded in the stream's headers, or null when it has none. */
export async function readConfigText(source: ByteSource, scan: ScanResult): Promise<string | null> {
  if (!scan.facts.config) return null;
  for (let i = 0; i < scan.index.count && scan.index.flags(i) & EntryFlag.Header; i++) {
    const group = configGroup(await decodeEntry(source, scan.index.get(i), scan.facts));
    if (group) return trimTrailingNul(latin1(await source.read(group.offset, group.length)));
  }
  return null;
}

function jsonTree(v: unknown, path: string, out: ConfigTree): void {
  if (Array.isArray(v) && v.length) v.forEach((x, i) => jsonTree(x, `${path}[${i}]`, out));
  else if (typeof v === 'object' && v !== null && Object.keys(v).length) {
    for (const [k, x] of Object.entries(v)) jsonTree(x, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(v));
}

/** xl settings: `key = value` up to the end of the line, or of the bracket the value opens. */
function xlTree(text: string, out: ConfigTree): void {
  let statement = '';
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    statement += ' ' + line;
    for (const ch of line) depth += ch === '[' || ch === '(' ? 1 : ch === ']' || ch === ')' ? -1 : 0;
    if (depth > 0) continue;
    const eq = statement.indexOf('=');
    const key = statement.slice(0, eq).trim();
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) out.set(key, statement.slice(eq + 1).trim().replace(/\s+/g, ' '));
    statement = '';
    depth = 0;
  }
}

/** Lines, keyed by their text (a repeated line as `line@1`): which lines were added or removed. */
function lineTree(text: string, out: ConfigTree): void {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    let key = line;
    for (let n = 1; out.has(key); n++) key = `${line}@${n}`;
    out.set(key, line);
  }
}

export function configTree(text: string, format: DomainConfig['format']): ConfigTree {
  const out: ConfigTree = new Map();
  if (format === 'json') {
    try {
      jsonTree(JSON.parse(text), '', out);
      return out;
    } catch {
      // Unparsable JSON (the verifier reports it): compared by lines instead.
    }
  }
  if (format === 'xl') xlTree(text, out);
  else lineTree(text, out);
  return out;
}

export interface ConfigChange {
  path: string;
  /** The value on each side; null where that side has no such key. */
  a: string | null;
  b: string | null;
}

export function diffConfig(a: ConfigTree, b: ConfigTree): ConfigChange[] {
  const out: ConfigChange[] = [];
  for (const [path, va] of a) if (b.get(path) !== va) out.push({ path, a: va, b: b.get(path) ?? null });
  for (const [path, vb] of b) if (!a.has(path)) out.push({ path, a: null, b: vb });
  return out;
}
