/**
 * Lazy decoding: the field tree of one index entry, on request (the user selected it). Reads only
 * that entry's bytes, and for PAGE_DATA only its header and PFN array, never the pages.
 */
import type { ByteSource } from './bytes/ByteSource.ts';
import { DECODE_READ_MAX, padTo8, RECORD_HEADER_SIZE, TREE_ARRAY_LIMIT } from './core/sizes.ts';
import { Dissection } from './dissect/Dissection.ts';
import { bytesHex, named, printable } from './dissect/show.ts';
import { decodeLegacyEntry } from './legacy/decode.ts';
import { LibxcHeader, Rec, REC_NAMES } from './libxc/constants.ts';
import type { LibxcEnv } from './libxc/env.ts';
import { dissectDomainHeader, dissectImageHeader } from './libxc/headers.ts';
import { dissectPageDataHeader, pageFields, PfnTally } from './libxc/pageData.ts';
import { BODY_DISSECTORS } from './libxc/records.ts';
import { LIBXL_REC_NAMES } from './libxl/constants.ts';
import { dissectLibxlHeader, LIBXL_DISSECTORS } from './libxl/records.ts';
import type { Field } from './model/Field.ts';
import { Layer } from './model/Layer.ts';
import { EntryFlag, type IndexEntry } from './model/RecordIndex.ts';
import type { StreamFacts } from './scan/facts.ts';
import { dissectLibvirtHeader, dissectXendHeader } from './wrappers/headers.ts';
import { dissectXlHeader } from './xl/header.ts';

export async function decodeEntry(source: ByteSource, e: IndexEntry, facts: StreamFacts): Promise<Field[]> {
  const header = (e.flags & EntryFlag.Header) !== 0;
  const tree = (bytes: Uint8Array, base: number, littleEndian = true) => new Dissection(bytes, base, { littleEndian, tree: true, diags: null, record: e.index });
  const read = (at: number, n: number) => source.read(at, Math.min(n, DECODE_READ_MAX));

  switch (e.layer) {
    case Layer.Xl: {
      const d = tree(await read(e.offset, e.length), e.offset);
      if (d.size >= 48) dissectXlHeader(d);
      else d.span('truncated header', 0, d.size, `${d.size} bytes`);
      return d.fields;
    }
    case Layer.Libvirt:
    case Layer.Xend: {
      const d = tree(await read(e.offset, e.length), e.offset);
      if (e.layer === Layer.Libvirt && d.size >= 64) dissectLibvirtHeader(d);
      else if (e.layer === Layer.Xend && d.size >= 20) dissectXendHeader(d);
      else d.span('truncated header', 0, d.size, `${d.size} bytes`);
      return d.fields;
    }
    case Layer.Libxl:
    case Layer.Libxc: {
      if (header) {
        const d = tree(await read(e.offset, e.length), e.offset, !(e.layer === Layer.Libxl || e.type === LibxcHeader.Image));
        const full = e.layer === Layer.Libxl ? 16 : e.type === LibxcHeader.Image ? 24 : 16;
        if (d.size < full) d.span('truncated header', 0, d.size, `${d.size} of ${full} bytes`);
        else if (e.layer === Layer.Libxl) dissectLibxlHeader(d);
        else if (e.type === LibxcHeader.Image) dissectImageHeader(d);
        else dissectDomainHeader(d);
        return d.fields;
      }
      return decodeRecord(source, e, facts);
    }
    case Layer.Legacy:
      return decodeLegacyEntry(source, e, facts);
    case Layer.Trailing: {
      const bytes = await read(e.offset, Math.min(e.length, 256));
      const d = tree(bytes, e.offset);
      d.field('bytes', 0, e.length, printable(bytes, 64), `${e.length} bytes: ${bytesHex(bytes, 16)}`);
      return d.fields;
    }
  }
  return [];
}

async function decodeRecord(source: ByteSource, e: IndexEntry, facts: StreamFacts): Promise<Field[]> {
  const libxc = e.layer === Layer.Libxc;
  const names = libxc ? REC_NAMES : LIBXL_REC_NAMES;
  const truncated = (e.flags & EntryFlag.Truncated) !== 0;
  const bodyAvail = Math.max(0, Math.min(e.bodyLength, e.length - RECORD_HEADER_SIZE));
  const isPageData = libxc && e.type === Rec.PAGE_DATA;
  // PAGE_DATA: the header and the PFN entries listed, never the pages.
  const want = isPageData ? Math.min(bodyAvail, 8 + 8 * TREE_ARRAY_LIMIT) : Math.min(bodyAvail, DECODE_READ_MAX);
  const d = new Dissection(await source.read(e.offset, RECORD_HEADER_SIZE + want), e.offset, { littleEndian: true, tree: true, diags: null, record: e.index });
  if (d.size < RECORD_HEADER_SIZE) {
    d.span('truncated record header', 0, d.size, `${d.size} of 8 bytes`);
    return d.fields;
  }
  d.group('record header', 0, 8, `${names[e.type] ?? 'unknown'}, ${e.bodyLength} bytes`, () => {
    d.u32('type', 0, named(names));
    d.u32('body_length', 4, (v) => `${v} bytes`);
  });
  if (e.bodyLength > 0) {
    d.group('body', 8, truncated ? bodyAvail : e.bodyLength, `${e.bodyLength} bytes`, () => {
      const body = d.sub(8, e.bodyLength);
      if (truncated) body.span('cut short by the end of the file', 0, body.size, `${bodyAvail} of ${e.bodyLength} bytes`);
      else if (isPageData) pageDataTree(body, e);
      else if (e.bodyLength > DECODE_READ_MAX) body.field('data', 0, e.bodyLength, null, `${e.bodyLength} bytes (too large to decode here)`);
      else {
        const dissect: ((d: Dissection, env: LibxcEnv) => unknown) | undefined = libxc ? BODY_DISSECTORS[e.type] : LIBXL_DISSECTORS[e.type];
        if (dissect) dissect(body, envOf(facts));
        else body.span('data', 0, e.bodyLength, `${e.bodyLength} bytes (unknown record type)`);
      }
    });
  }
  const pad = padTo8(e.bodyLength);
  if (pad && !truncated) {
    const padBytes = await source.read(e.offset + RECORD_HEADER_SIZE + e.bodyLength, pad);
    d.field('padding', 8 + e.bodyLength, pad, bytesHex(padBytes), padBytes.every((b) => b === 0) ? `${pad} zero bytes` : `${bytesHex(padBytes)} (must be zero)`);
  }
  return d.fields;
}

/** PAGE_DATA's header, its PFN entries (up to the tree limit) and its pages by offset. */
function pageDataTree(body: Dissection, e: IndexEntry): void {
  const count = dissectPageDataHeader(body, e.bodyLength);
  if (count <= 0) return;
  const listed = Math.min(count, TREE_ARRAY_LIMIT, Math.floor((body.size - 8) / 8));
  body.group('pfn', 8, 8 * count, `${count} entr${count === 1 ? 'y' : 'ies'}`, () => {
    new PfnTally(null).add(body, 8, 0, listed);
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
