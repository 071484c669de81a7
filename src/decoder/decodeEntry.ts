/**
 * Lazy decoding: the field tree of one index entry, on request (the user selected it). Reads only
 * that entry's bytes, and for PAGE_DATA only its header and PFN array, never the pages. What to
 * decode comes from the entry's descriptor (kinds.ts).
 */
import type { ByteSource } from './bytes/ByteSource.ts';
import type { HeaderKind } from './core/RecordKind.ts';
import { DECODE_READ_MAX, padTo8, RECORD_HEADER_SIZE, TREE_ARRAY_LIMIT } from './core/sizes.ts';
import { Dissection } from './dissect/Dissection.ts';
import { bytesHex, decHex, printable } from './dissect/show.ts';
import { entryKind } from './kinds.ts';
import { decodeLegacyEntry } from './legacy/decode.ts';
import type { LibxcEnv } from './libxc/env.ts';
import type { LibxcKind } from './libxc/kinds.ts';
import { dissectPageDataHeader, pageFields, pfnEntryFields } from './libxc/pageData.ts';
import type { LibxlKind } from './libxl/kinds.ts';
import type { Field } from './model/Field.ts';
import { EntryFlag, type IndexEntry } from './model/RecordIndex.ts';
import type { StreamFacts } from './core/facts.ts';

/** Bytes of trailing data shown in its field. */
const TRAILING_SHOWN = 256;

export async function decodeEntry(source: ByteSource, e: IndexEntry, facts: StreamFacts): Promise<Field[]> {
  const k = entryKind(e.layer, e.flags, e.type);
  switch (k.form) {
    case 'header':
      return decodeHeader(source, e, k.kind);
    case 'record':
      return decodeRecord(source, e, facts, k.kind, k.known);
    case 'legacy':
      return decodeLegacyEntry(source, e, facts);
    case 'trailing': {
      const bytes = await source.read(e.offset, Math.min(e.length, TRAILING_SHOWN));
      const d = tree(bytes, e, true);
      d.field('bytes', 0, e.length, printable(bytes, 64), `${e.length} bytes: ${bytesHex(bytes, 16)}`);
      return d.fields;
    }
  }
  return [];
}

function tree(bytes: Uint8Array, e: IndexEntry, littleEndian: boolean): Dissection {
  return new Dissection(bytes, e.offset, { littleEndian, tree: true, diags: null, record: e.index });
}

async function decodeHeader(source: ByteSource, e: IndexEntry, kind: HeaderKind): Promise<Field[]> {
  const d = tree(await source.read(e.offset, Math.min(e.length, DECODE_READ_MAX)), e, kind.littleEndian);
  if (d.size >= kind.size) kind.dissect(d);
  else d.span('truncated header', 0, d.size, `${d.size} of ${kind.size} bytes`);
  return d.fields;
}

/** A libxl or libxc record: its framing, its body by the kind's dissector, its padding. */
async function decodeRecord(source: ByteSource, e: IndexEntry, facts: StreamFacts, kind: LibxcKind | LibxlKind, known: boolean): Promise<Field[]> {
  const truncated = (e.flags & EntryFlag.Truncated) !== 0;
  const bodyAvail = Math.max(0, Math.min(e.bodyLength, e.length - RECORD_HEADER_SIZE));
  // PAGE_DATA: the header and the PFN entries listed, never the pages.
  const pfnsOnly = kind.scanReads === 'pfns';
  const want = pfnsOnly ? Math.min(bodyAvail, 8 + 8 * TREE_ARRAY_LIMIT) : Math.min(bodyAvail, DECODE_READ_MAX);
  const d = tree(await source.read(e.offset, RECORD_HEADER_SIZE + want), e, true);
  if (d.size < RECORD_HEADER_SIZE) {
    d.span('truncated record header', 0, d.size, `${d.size} of ${RECORD_HEADER_SIZE} bytes`);
    return d.fields;
  }
  const typeName = known ? kind.name : 'unknown';
  d.group('record header', 0, RECORD_HEADER_SIZE, `${typeName}, ${e.bodyLength} bytes`, () => {
    d.u32('type', 0, (v) => `${typeName} (${decHex(v)})`);
    d.u32('body_length', 4, (v) => `${v} bytes`);
  });
  if (e.bodyLength > 0) {
    d.group('body', RECORD_HEADER_SIZE, truncated ? bodyAvail : e.bodyLength, `${e.bodyLength} bytes`, () => {
      const body = d.sub(RECORD_HEADER_SIZE, e.bodyLength);
      if (truncated) body.span('cut short by the end of the file', 0, body.size, `${bodyAvail} of ${e.bodyLength} bytes`);
      else if (pfnsOnly) pageDataTree(body, e);
      else if (e.bodyLength > DECODE_READ_MAX) body.field('data', 0, e.bodyLength, null, `${e.bodyLength} bytes (too large to decode here)`);
      else if (kind.body) kind.body(body, envOf(facts));
      else body.span('data', 0, e.bodyLength, `${e.bodyLength} bytes (unknown record type)`);
    });
  }
  const pad = padTo8(e.bodyLength);
  if (pad && !truncated) {
    const padBytes = await source.read(e.offset + RECORD_HEADER_SIZE + e.bodyLength, pad);
    d.field('padding', RECORD_HEADER_SIZE + e.bodyLength, pad, bytesHex(padBytes), padBytes.every((b) => b === 0) ? `${pad} zero bytes` : `${bytesHex(padBytes)} (must be zero)`);
  }
  return d.fields;
}

/** PAGE_DATA's header, its PFN entries (up to the tree limit) and its pages by offset. */
function pageDataTree(body: Dissection, e: IndexEntry): void {
  const count = dissectPageDataHeader(body, e.bodyLength);
  if (count <= 0) return;
  const listed = Math.min(count, TREE_ARRAY_LIMIT, Math.floor((body.size - 8) / 8));
  body.group('pfn', 8, 8 * count, `${count} entr${count === 1 ? 'y' : 'ies'}`, () => {
    pfnEntryFields(body, 8, 0, listed);
    if (count > listed) body.field(`… ${count - listed} more entries`, 8 + 8 * listed, 8 * (count - listed), null, 'not listed');
  });
  if (listed === count) body.group('pages', 8 + 8 * count, e.bodyLength - 8 - 8 * count, `${e.aux[1]} page(s), not read`, () => pageFields(body, count, e.bodyLength));
}

function envOf(facts: StreamFacts): LibxcEnv {
  const x = facts.libxc;
  const env: LibxcEnv = { version: x?.version ?? 3, guestType: x?.guestType ?? 0, guestWidth: x?.guestWidth ?? 0 };
  if (facts.config?.vcpus !== undefined) env.vcpus = facts.config.vcpus;
  return env;
}
