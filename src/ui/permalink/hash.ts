/**
 * The permalink: what the explorer shows, written in the URL's hash so that a link pasted into
 * a bug report opens the same file (or built-in sample) at the same record, field and bytes.
 * This module only turns that state into text and back; it never throws on a bad link, but
 * hands back what it could read and what it could not, in words.
 *
 *   #v=2&file=guest-41.save&size=1234567&fp=0123456789abcdef&rec=12&field=body.user_regs.rip&schema=1&sel=0x1a2b+8&top=0x1a00
 *   #v=2&sample=legacy-pv&legacy-width=32&legacy-guest=hvm&rec=3&sel=0x40+16&top=0x0
 *
 *   v             format version (see below)
 *   sample        a built-in sample's name; no file is needed
 *   file          or: the file's name, as it was opened (shown to whoever opens the link)
 *   size          the file's size in bytes, decimal
 *   fp            the file's fingerprint, 16 hex digits (src/worker/fingerprint.ts)
 *   legacy-width  32 or 64: a legacy stream decoded as from that toolstack width (not guessed)
 *   legacy-guest  pv or hvm: a legacy stream decoded as that guest type (not guessed)
 *   rec           index entry number (the timeline's #), decimal
 *   field         the selected field: its key path (Field.key from the record's top level, by dots)
 *   schema        the decoder's FIELD_KEY_SCHEMA the key path was written in
 *   field-index   or: the selected field by child indexes, by dots (what version 1 links had)
 *   sel           the selected bytes: offset (0x hex) + length (decimal)
 *   top           the hex view's first row, as the offset of its first byte (0x hex)
 *   pfn           the Memory tab's page: a guest PFN (0x hex)
 *   phys          or: a guest-physical address (0x hex)
 *   addr, vcpu    or: a guest-virtual address (0x hex, up to 64 bits) through vCPU `vcpu` (decimal; 0 when absent)
 *
 * Versions: a link is read by upgrading its parameters one version at a time (UPGRADERS) to
 * the current one, so links made by older explorers keep working. Adding a parameter keeps
 * the version (old links lack it, and its absence must mean what older explorers did);
 * changing what a parameter means or how it is written bumps it, with an upgrader from the
 * version before. A link from a newer explorer is read as far as this one understands it.
 * Version 2 named fields by key path; a version 1 `field=2.0.5` becomes `field-index=2.0.5`.
 * Key paths have their own version (`schema`), upgraded against the decoded record (fieldRef.ts).
 */
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import type { GuestAddress } from '../../decoder/memory/guestAddress.ts';
import { FIELD_KEY_SCHEMA } from '../../decoder/model/Field.ts';
import type { ByteRange } from '../state/ByteRange.ts';
import type { FieldRef } from './fieldRef.ts';

export const LINK_VERSION = 2;

export type LinkTarget =
  | { kind: 'sample'; name: string }
  /** `size` and `fingerprint` are null when a link (written by hand) lacks them. */
  | { kind: 'file'; name: string; size: number | null; fingerprint: string | null };

/** Where a link points inside its file. */
export interface LinkSpot {
  /** Index entry number; null: whichever record holds `bytes`. */
  record: number | null;
  field: FieldRef | null;
  /** The bytes selected; null: all of the record's. */
  bytes: ByteRange | null;
}

export interface LinkState {
  target: LinkTarget;
  /** A legacy stream's decoding as the user chose it; absent: as the scan infers it. */
  legacy?: LegacyOverride;
  spot: LinkSpot | null;
  /** Offset of the first byte of the hex view's top row. */
  top: number | null;
  /** The guest address the Memory tab shows; absent: none. */
  guest?: GuestAddress;
  /** The file compared with the link's (Compare with…); absent: none. */
  compare?: LinkFile;
}

/** A file a link names: `size` and `fingerprint` are null when a link (written by hand) lacks them. */
export type LinkFile = Omit<Extract<LinkTarget, { kind: 'file' }>, 'kind'>;

export interface ParsedLink {
  /** What could be read; null when the hash names no file or sample (or is empty). */
  link: LinkState | null;
  /** What was wrong with it, one sentence each. */
  problems: string[];
}

type Params = Map<string, string>;

/** UPGRADERS[n] rewrites a version-n link's parameters into version n + 1. Version 1 is the first. */
const UPGRADERS: Record<number, (p: Params) => Params> = {
  // Version 1 named a field by child indexes, which move when a record's tree gains fields.
  1: (p) => new Map([...p].map(([k, v]) => [k === 'field' ? 'field-index' : k, v])),
};

/** Brings `params` of version `from` up to `to`, one upgrader at a time. */
export function upgradeParams(params: Params, from: number, to: number, upgraders: Record<number, (p: Params) => Params> = UPGRADERS): Params {
  let p = params;
  for (let v = from; v < to; v++) p = upgraders[v]?.(p) ?? p;
  return p;
}

const hex = (n: number) => '0x' + n.toString(16);

export function writeHash(link: LinkState): string {
  const parts: string[] = [`v=${LINK_VERSION}`];
  const t = link.target;
  if (t.kind === 'sample') parts.push(`sample=${encodeURIComponent(t.name)}`);
  else parts.push(...fileParams(t, FILE_KEYS));
  if (link.legacy?.width) parts.push(`legacy-width=${link.legacy.width * 8}`);
  if (link.legacy?.guest) parts.push(`legacy-guest=${link.legacy.guest}`);
  const s = link.spot;
  if (s?.record !== null && s?.record !== undefined) {
    parts.push(`rec=${s.record}`);
    const f = s.field;
    // Brackets and @ are safe in a fragment: left as they are, key paths stay readable.
    if (f && 'keys' in f) parts.push(`field=${encodeURIComponent(f.keys).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%40/g, '@')}`, `schema=${f.schema}`);
    else if (f?.indexes.length) parts.push(`field-index=${f.indexes.join('.')}`);
  }
  if (s?.bytes) parts.push(`sel=${hex(s.bytes.offset)}+${s.bytes.length}`);
  if (link.top !== null) parts.push(`top=${hex(link.top)}`);
  const g = link.guest;
  if (g?.kind === 'pfn') parts.push(`pfn=${hex(g.pfn)}`);
  else if (g?.kind === 'physical') parts.push(`phys=${hex(g.address)}`);
  else if (g) parts.push(`addr=0x${g.address.toString(16)}`, `vcpu=${g.vcpu}`);
  if (link.compare) parts.push(...fileParams(link.compare, COMPARE_KEYS));
  return '#' + parts.join('&');
}

/** The parameter names of a file: the link's own, and the one it is compared with ("vs"). */
const FILE_KEYS = { name: 'file', size: 'size', fp: 'fp' };
const COMPARE_KEYS = { name: 'vs', size: 'vs-size', fp: 'vs-fp' };

function fileParams(f: LinkFile, keys: typeof FILE_KEYS): string[] {
  const parts = [`${keys.name}=${encodeURIComponent(f.name)}`];
  if (f.size !== null) parts.push(`${keys.size}=${f.size}`);
  if (f.fingerprint !== null) parts.push(`${keys.fp}=${f.fingerprint}`);
  return parts;
}

/** A count or offset: decimal, or hex with 0x; a safe non-negative integer, else null. */
function number(text: string): number | null {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) v = Number(text);
  else return null;
  return Number.isSafeInteger(v) ? v : null;
}

/** The hash's parameters (the first of each name), or the problem that stopped reading it. */
function readParams(hash: string): { params: Params; problems: string[] } {
  const params: Params = new Map();
  const problems: string[] = [];
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      const key = decodeURIComponent(rawKey);
      if (!params.has(key)) params.set(key, decodeURIComponent(rawValue));
    } catch {
      problems.push(`“${part}” is not properly escaped, so it was left out.`);
    }
  }
  return { params, problems };
}

/** The format version a link says it has, and what to say about it. */
function readVersion(v: string | undefined, problems: string[]): number {
  const n = v === undefined ? null : number(v);
  if (n === null || n < 1) {
    problems.push(v === undefined ? 'The link has no format version (v=); it was read as the current one.' : `The link's format version “${v}” is unknown; it was read as the current one.`);
    return LINK_VERSION;
  }
  if (n > LINK_VERSION) {
    problems.push(`The link was made by a newer version of the explorer (format ${n}; this one reads up to ${LINK_VERSION}): whatever this one does not understand was left out.`);
    return LINK_VERSION;
  }
  return n;
}

function readTarget(p: Params, problems: string[]): LinkTarget | null {
  const sample = p.get('sample');
  const file = p.get('file');
  if (sample) {
    if (file) problems.push(`The link names both a sample and a file; the sample “${sample}” was opened.`);
    return { kind: 'sample', name: sample };
  }
  if (!file) {
    problems.push('The link names no file and no sample, so there is nothing to open.');
    return null;
  }
  return { kind: 'file', ...readFile(p, FILE_KEYS, 'file', problems)! };
}

/** The file named by `keys`, or undefined when the link names none; `what` names it in problems ("file"). */
function readFile(p: Params, keys: typeof FILE_KEYS, what: string, problems: string[]): LinkFile | undefined {
  const name = p.get(keys.name);
  if (!name) return undefined;
  const sizeText = p.get(keys.size);
  const size = sizeText === undefined ? null : number(sizeText);
  if (size === null) problems.push(sizeText === undefined ? `The link does not give the ${what}'s size, so a different file cannot be told apart by it.` : `The ${what} size “${sizeText}” is not a number; it was left out.`);
  const fpText = p.get(keys.fp);
  const fingerprint = fpText !== undefined && /^[0-9a-f]{1,64}$/i.test(fpText) ? fpText.toLowerCase() : null;
  if (fingerprint === null) problems.push(fpText === undefined ? `The link has no fingerprint of the ${what}, so only its size can show whether it is the same file.` : `The fingerprint “${fpText}”${what === 'file' ? '' : ` of the ${what}`} is not hex digits; it was left out.`);
  return { name, size, fingerprint };
}

function readLegacy(p: Params, problems: string[]): LegacyOverride | undefined {
  const out: LegacyOverride = {};
  const w = p.get('legacy-width');
  if (w === '32' || w === '64') out.width = w === '32' ? 4 : 8;
  else if (w !== undefined) problems.push(`The legacy toolstack width “${w}” is not 32 or 64; the width is guessed from the file instead.`);
  const g = p.get('legacy-guest');
  if (g === 'pv' || g === 'hvm') out.guest = g;
  else if (g !== undefined) problems.push(`The legacy guest type “${g}” is not pv or hvm; the guest type is guessed from the file instead.`);
  return out.width || out.guest ? out : undefined;
}

function readField(p: Params, hasRecord: boolean, problems: string[]): FieldRef | null {
  const keyText = p.get('field');
  const indexText = p.get('field-index');
  const text = keyText ?? indexText;
  if (text === undefined) return null;
  if (!hasRecord) {
    problems.push(`The field “${text}” comes without a record number (rec=); it was left out.`);
    return null;
  }
  if (keyText !== undefined) {
    if (!/^[a-z0-9_[\]@]+(\.[a-z0-9_[\]@]+)*$/.test(keyText)) {
      problems.push(`The field “${keyText}” is not a key path (keys like body.user_regs.rip); it was left out.`);
      return null;
    }
    const schemaText = p.get('schema');
    const schema = schemaText === undefined ? null : number(schemaText);
    if (schema === null || schema < 1) problems.push(`The field's key version “${schemaText ?? ''}” is not a number; the key path was read as the current version.`);
    return { keys: keyText, schema: schema !== null && schema >= 1 ? schema : FIELD_KEY_SCHEMA };
  }
  const path = indexText!.split('.').map(number);
  if (!/^[0-9]+(\.[0-9]+)*$/.test(indexText!) || path.some((n) => n === null)) {
    problems.push(`The field “${indexText}” is not a field path (numbers joined by dots); it was left out.`);
    return null;
  }
  return { indexes: path as number[] };
}

function readSpot(p: Params, problems: string[]): LinkSpot | null {
  const recText = p.get('rec');
  const record = recText === undefined ? null : number(recText);
  if (recText !== undefined && record === null) problems.push(`The record number “${recText}” is not a number; it was left out.`);

  const field = readField(p, record !== null, problems);

  const selText = p.get('sel');
  let bytes: ByteRange | null = null;
  if (selText !== undefined) {
    // '+' joins offset and length; a form decoder may have turned it into a space.
    const m = /^([^+ ]+)[+ ]([^+ ]+)$/.exec(selText);
    const offset = m ? number(m[1]!) : null;
    const length = m ? number(m[2]!) : null;
    if (offset === null || length === null) problems.push(`The selected bytes “${selText}” are not an offset and a length (like 0x1a2b+8); they were left out.`);
    else bytes = { offset, length };
  }
  if (record === null && bytes === null) return null;
  return { record, field, bytes };
}

function readTop(p: Params, problems: string[]): number | null {
  const text = p.get('top');
  if (text === undefined) return null;
  const top = number(text);
  if (top === null) problems.push(`The hex view position “${text}” is not an offset; it was left out.`);
  return top;
}

function readGuest(p: Params, problems: string[]): GuestAddress | undefined {
  const pfn = p.get('pfn');
  const phys = p.get('phys');
  const addr = p.get('addr');
  if (pfn !== undefined) {
    const v = number(pfn);
    if (v === null) problems.push(`The PFN “${pfn}” is not a number; it was left out.`);
    else return { kind: 'pfn', pfn: v };
  } else if (phys !== undefined) {
    const v = number(phys);
    if (v === null) problems.push(`The guest-physical address “${phys}” is not a number; it was left out.`);
    else return { kind: 'physical', address: v };
  } else if (addr !== undefined) {
    const v = /^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.test(addr) ? BigInt(addr) : null;
    const vcpuText = p.get('vcpu') ?? '0';
    const vcpu = number(vcpuText);
    if (v === null || v >= 1n << 64n) problems.push(`The guest address “${addr}” is not a 64-bit number; it was left out.`);
    else if (vcpu === null) problems.push(`The vCPU “${vcpuText}” is not a number; the guest address was left out.`);
    else return { kind: 'virtual', address: v, vcpu };
  }
  return undefined;
}

/** Reads a URL hash ("#v=1&…", or "" for none). Never throws: what is wrong comes back in words. */
export function parseHash(hash: string): ParsedLink {
  const { params: raw, problems } = readParams(hash);
  if (raw.size === 0) return { link: null, problems };
  const p = upgradeParams(raw, readVersion(raw.get('v'), problems), LINK_VERSION);
  const target = readTarget(p, problems);
  if (!target) return { link: null, problems };
  const legacy = readLegacy(p, problems);
  const link: LinkState = { target, spot: readSpot(p, problems), top: readTop(p, problems) };
  if (legacy) link.legacy = legacy;
  const guest = readGuest(p, problems);
  if (guest) link.guest = guest;
  const compare = readFile(p, COMPARE_KEYS, 'compared file', problems);
  if (compare) link.compare = compare;
  return { link, problems };
}
