/** libxc image header (always big-endian) and domain header (spec: libxc-stream.md §2, §3). */
import type { Dissection } from '../dissect/Dissection.ts';
import { checkMagic } from '../dissect/magic.ts';
import { flags, hex, named } from '../dissect/show.ts';
import { DOMAIN_TYPE_NAMES, IHDR_ID, LIBXC_MAGIC } from './constants.ts';

export interface ImageHeader {
  /** Marker and id are right, or at most two bytes off: this is a libxc v2+ stream. */
  framed: boolean;
  version: number;
  bigEndian: boolean;
}

export function dissectImageHeader(d: Dissection): ImageHeader {
  const marker = d.u64('marker', 0, (v) => (v === 0xffffffffffffffffn ? 'all ones (0xffffffffffffffff)' : hex(v, 16)));
  const id = d.u32('id', 8, (v) => `${v === IHDR_ID ? '"XENF"' : 'not "XENF"'} (${hex(v)})`);
  const version = d.u32('version', 12);
  const options = d.u16('options', 16, flags({ 1: 'BIG_ENDIAN' }));
  const res1 = d.u16('reserved', 18);
  const res2 = d.u32('reserved', 20);
  if (marker !== 0xffffffffffffffffn) d.problem('IHDR_BAD_MARKER', 0, 8, `image header marker is ${hex(marker, 16)}, expected all ones`);
  if (id !== IHDR_ID) d.problem('IHDR_BAD_ID', 8, 4, `image header id is ${hex(id)}, expected ${hex(IHDR_ID)} ("XENF")`);
  if (version !== 2 && version !== 3) d.problem('IHDR_BAD_VERSION', 12, 4, `stream version ${version}; only 2 and 3 exist`);
  if (options & 0xfffe) d.problem('IHDR_OPTIONS_RESERVED', 16, 2, `image header option bits ${hex(options & 0xfffe)} are reserved`);
  if (options & 1) d.problem('R_IHDR_BIG_ENDIAN', 16, 2, 'stream is marked big-endian: every Xen restore refuses it (verify-stream-v2 misses this)');
  if (res1 !== 0 || res2 !== 0) d.problem('IHDR_RESERVED_NONZERO', 18, 6, `image header reserved fields are ${hex(res1)}:${hex(res2)}, must be 0`);
  return { framed: checkMagic(d, LIBXC_MAGIC, 'libxc'), version, bigEndian: (options & 1) !== 0 };
}

export interface DomainHeader {
  type: number;
  pageShift: number;
  xenMajor: number;
  xenMinor: number;
}

export function dissectDomainHeader(d: Dissection): DomainHeader {
  const type = d.u32('type', 0, named(DOMAIN_TYPE_NAMES, 'reserved'));
  const pageShift = d.u16('page_shift', 4, (v) => `${v} (${v < 31 ? 2 ** v : '?'}-byte pages)`);
  const reserved = d.u16('reserved', 6);
  const xenMajor = d.u32('xen_major', 8, (v) => (v === 0 ? '0 (converted from a legacy stream)' : String(v)));
  const xenMinor = d.u32('xen_minor', 12);
  if (type !== 1 && type !== 2) d.problem('DHDR_BAD_TYPE', 0, 4, `domain type ${DOMAIN_TYPE_NAMES[type] ?? 'reserved'} (${type}); only x86 PV (1) and x86 HVM (2) can be restored`);
  if (reserved !== 0) d.problem('DHDR_RESERVED_NONZERO', 6, 2, `domain header reserved field is ${hex(reserved)}, must be 0`);
  if (pageShift !== 12) d.problem('DHDR_BAD_PAGE_SHIFT', 4, 2, `page shift ${pageShift}; x86 Xen only has 4 KiB pages (12)`);
  if (xenMajor === 0) d.problem('DHDR_LEGACY_CONVERTED', 8, 4, `stream was written by convert-legacy-stream (script version ${xenMinor})`);
  return { type, pageShift, xenMajor, xenMinor };
}
