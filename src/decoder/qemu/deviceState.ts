/**
 * QEMU's saved device state (QEMU's migration stream, migration/savevm.c): "QEVM", a big-endian
 * version (3), then sections, then an EOF byte. A full section starts with its type byte, a u32
 * section id, a length-prefixed idstr, u32 instance id and u32 version id (all big-endian); its
 * data has no length of its own. Newer QEMUs end each section with a footer (0x7e and the
 * section id); the device state that Xen 4.17's QEMU 7.2 writes has none. So sections are found
 * by the shape of their headers: a section start byte, ids rising from one section to the next,
 * and a printable idstr, with a footer, when there is one, closing the data before it.
 */
import type { Dissection } from '../dissect/Dissection.ts';
import { hex, latin1, sizeText } from '../dissect/show.ts';

export const QEMU_VM_FILE_MAGIC = 'QEVM';
export const QEMU_VM_FILE_VERSION = 3;

/** Section type bytes (QEMU_VM_* in savevm.c). */
export const QemuSection = {
  EOF: 0x00,
  START: 0x01,
  PART: 0x02,
  END: 0x03,
  FULL: 0x04,
  FOOTER: 0x7e,
} as const;

const SECTION_NAMES: Readonly<Record<number, string>> = { 1: 'START', 2: 'PART', 3: 'END', 4: 'FULL' };

/** Bounds that tell a section header from section data: QEMU's ids and versions are small. */
const MAX_ID_STEP = 0x10000;
const MAX_INSTANCE = 0x1000000;
const MAX_VERSION = 0x10000;

export interface QemuSectionHeader {
  /** Offset of the type byte within the span. */
  at: number;
  type: number;
  id: number;
  idstr: string;
  instance: number;
  version: number;
  /** Offset of the section's data. */
  dataAt: number;
}

const beU32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

const printableIdstr = (b: Uint8Array, at: number, n: number): boolean => {
  for (let i = 0; i < n; i++) if (b[at + i]! < 0x20 || b[at + i]! > 0x7e) return false;
  return true;
};

/** The section header at `at` if the bytes there have its shape and its id follows `prevId`. */
export function sectionHeaderAt(b: Uint8Array, at: number, end: number, prevId: number): QemuSectionHeader | null {
  const type = b[at];
  if ((type !== QemuSection.FULL && type !== QemuSection.START) || at + 6 > end) return null;
  const id = beU32(b, at + 1);
  if (id <= prevId || id - prevId > MAX_ID_STEP) return null;
  const n = b[at + 5]!;
  const dataAt = at + 6 + n + 8;
  if (n === 0 || dataAt > end || !printableIdstr(b, at + 6, n)) return null;
  const instance = beU32(b, at + 6 + n);
  const version = beU32(b, at + 10 + n);
  if (instance >= MAX_INSTANCE || version === 0 || version >= MAX_VERSION) return null;
  return { at, type, id, idstr: latin1(b.subarray(at + 6, at + 6 + n)), instance, version, dataAt };
}

/** The next section header from `from`, or null. */
function nextHeader(b: Uint8Array, from: number, end: number, prevId: number): QemuSectionHeader | null {
  for (let p = from; p < end; p++) {
    const h = sectionHeaderAt(b, p, end, prevId);
    if (h) return h;
  }
  return null;
}

/** Whether a footer for section `id` sits just before `at`. */
function footerBefore(b: Uint8Array, at: number, id: number, start: number): boolean {
  return at - 5 >= start && b[at - 5] === QemuSection.FOOTER && beU32(b, at - 4) === id;
}

export interface QemuStateFacts {
  sections: QemuSectionHeader[];
  footers: boolean;
}

/**
 * The sections of the device state whose first section byte is at `at` (just after magic and
 * version) and that ends at `end`. Each section becomes a group: header fields, data as bytes,
 * footer. Bytes that fit no section are shown with a note that says why.
 */
export function dissectQemuSections(d: Dissection, at: number, end: number): QemuStateFacts {
  const b = d.bytes;
  const sections: QemuSectionHeader[] = [];
  let footers = false;
  let h = sectionHeaderAt(b, at, end, -1);
  if (!h) {
    if (at < end) d.span('unrecognised data', at, end - at, `${sizeText(end - at)}: no QEMU section header at the start (type ${hex(b[at]!)}); the format cannot be followed`);
    return { sections, footers };
  }
  while (h) {
    const cur: QemuSectionHeader = h;
    const next = nextHeader(b, cur.dataAt, end, cur.id);
    // The last section's data runs to the EOF byte that ends the state.
    const stop = next ? next.at : b[end - 1] === QemuSection.EOF ? end - 1 : end;
    const hasFooter = footerBefore(b, stop, cur.id, cur.dataAt);
    footers ||= hasFooter;
    const dataEnd = hasFooter ? stop - 5 : stop;
    sections.push(cur);
    d.group(`section[${sections.length - 1}]`, cur.at, stop - cur.at, `${cur.idstr} (id ${cur.id}, instance ${cur.instance}, version ${cur.version}), ${sizeText(dataEnd - cur.dataAt)}`, () => {
      const n = cur.idstr.length;
      d.u8('section_type', cur.at, (v) => `${SECTION_NAMES[v]} (${hex(v)})`);
      d.field('section_id', cur.at + 1, 4, cur.id, String(cur.id));
      d.u8('idstr length', cur.at + 5);
      d.span('idstr', cur.at + 6, n, JSON.stringify(cur.idstr), cur.idstr);
      d.field('instance_id', cur.at + 6 + n, 4, cur.instance, String(cur.instance));
      d.field('version_id', cur.at + 10 + n, 4, cur.version, String(cur.version));
      if (dataEnd > cur.dataAt) d.span('data', cur.dataAt, dataEnd - cur.dataAt, `${sizeText(dataEnd - cur.dataAt)} (device-specific; no length in the stream)`);
      if (hasFooter) d.span('footer', dataEnd, 5, `0x7e, section id ${cur.id}`);
    });
    h = next;
  }
  if (b[end - 1] === QemuSection.EOF) d.span('EOF', end - 1, 1, 'QEMU_VM_EOF (0x00)');
  else d.field('end', end, 0, null, 'no EOF byte (0x00) at the end: the state may be cut short');
  return { sections, footers };
}

/**
 * QEMU's saved device state at [at, at + length): "QEVM", a big-endian version, sections (also
 * the QEMU record of a legacy HVM tail). The span need only hold its first 8 bytes: the rest is
 * shown by offset, not read. Returns a summary.
 */
export function dissectEmulatorState(d: Dissection, at: number, length: number): string {
  const avail = Math.max(0, Math.min(length, d.size - at));
  if (length >= 8 && avail >= 8 && latin1(d.bytes.subarray(at, at + 4)) === QEMU_VM_FILE_MAGIC) {
    d.group('emulator state', at, length, `QEMU device state, ${sizeText(length)}`, () => {
      d.span('magic', at, 4, '"QEVM"', 'QEVM');
      d.field('version (big-endian)', at + 4, 4, beU32(d.bytes, at + 4), String(beU32(d.bytes, at + 4)));
      const version = beU32(d.bytes, at + 4);
      if (length > 8 && avail === length && version === QEMU_VM_FILE_VERSION) dissectQemuSections(d, at + 8, at + length);
      else if (length > 8) d.field('sections', at + 8, length - 8, null, `${length - 8} bytes${version === QEMU_VM_FILE_VERSION ? '' : `: version ${version} is not one this tool follows`}`);
    });
    return `QEMU state, ${sizeText(length)}`;
  }
  if (length > 0) d.field('emulator state', at, length, null, sizeText(length));
  return `${sizeText(length)} of emulator state`;
}
