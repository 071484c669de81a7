/**
 * libxl header and record bodies (spec: libxl-stream.md §1, §3) with verify-stream-v2's checks
 * (validation-checks.md §E) and libxl restore's own checks on xenstore data (§G).
 */
import type { CheckId } from '../core/checks.ts';
import type { Dissection } from '../dissect/Dissection.ts';
import { checkMagic } from '../dissect/magic.ts';
import { flags, hex, latin1, named, printable } from '../dissect/show.ts';
import { CHECKPOINT_STATE_NAMES, EMULATOR_NAMES, LIBXL_IDENT } from './constants.ts';
import { dissectEmulatorState } from '../qemu/deviceState.ts';

export interface LibxlHeaderInfo {
  framed: boolean;
  version: number;
  legacy: boolean;
}

/** The 16-byte big-endian header. */
export function dissectLibxlHeader(d: Dissection): LibxlHeaderInfo {
  const ident = latin1(d.bytes.subarray(0, 8));
  d.span('ident', 0, 8, `"${printable(d.bytes.subarray(0, 8))}"`, ident);
  const version = d.u32('version', 8);
  const options = d.u32('options', 12, flags({ 1: 'BIG_ENDIAN', 2: 'LEGACY' }));
  if (ident !== LIBXL_IDENT) d.problem('LHDR_BAD_IDENT', 0, 8, `libxl header ident is "${printable(d.bytes.subarray(0, 8))}", expected "LibxlFmt"`);
  if (version !== 2) d.problem('LHDR_BAD_VERSION', 8, 4, `libxl stream version ${version}; only 2 exists`);
  if (options & 0xfffc) d.problem('LHDR_OPTIONS_RESERVED', 12, 4, `libxl header option bits ${hex(options & 0xfffc)} are reserved`);
  if (options & 1) d.problem('R_LHDR_BIG_ENDIAN', 12, 4, 'libxl stream is marked big-endian: libxl restore refuses it (verify-stream-v2 misses this)');
  if (options & 2) d.problem('LHDR_LEGACY', 12, 4, 'libxl stream was written by convert-legacy-stream');
  return { framed: checkMagic(d, LIBXL_IDENT, 'libxl'), version, legacy: (options & 2) !== 0 };
}

export interface LibxlFacts {
  summary?: string;
  checkpointState?: number;
}

export type LibxlDissector = (d: Dissection) => LibxlFacts;

function mustBeEmpty(id: CheckId, what: string): LibxlDissector {
  return (d) => {
    if (d.size !== 0) {
      d.problem(id, -4, 4, `${what} record must have an empty body; it has ${d.size} bytes`);
      d.span('unexpected body', 0, d.size, `${d.size} bytes`);
    }
    return {};
  };
}

/** Emulator sub-header; returns false when the body is too short for it. */
function emulatorHeader(d: Dissection, what: 'EMULATOR_XENSTORE_DATA' | 'EMULATOR_CONTEXT'): boolean {
  const xs = what === 'EMULATOR_XENSTORE_DATA';
  if (d.size < 8) {
    d.problem(xs ? 'EMU_XS_TOO_SHORT' : 'EMU_CTX_TOO_SHORT', -4, 4, `${what} body is ${d.size} bytes; its emulator sub-header alone needs 8`);
    return false;
  }
  const id = d.u32('emulator_id', 0, named(EMULATOR_NAMES));
  const index = d.u32('index', 4);
  if (!(id in EMULATOR_NAMES)) d.problem(xs ? 'EMU_XS_BAD_ID' : 'EMU_CTX_BAD_ID', 0, 4, `emulator id ${id} is unknown (0 unknown, 1 QEMU traditional, 2 QEMU upstream)`);
  if (index !== 0) d.problem('EMU_INDEX_NONZERO', 4, 4, `emulator index ${index}: libxl only ever writes 0`);
  return true;
}

const xenstoreData: LibxlDissector = (d) => {
  if (!emulatorHeader(d, 'EMULATOR_XENSTORE_DATA')) return {};
  const data = d.bytes.subarray(8);
  if (data.length && data[data.length - 1] !== 0) {
    const last = data.lastIndexOf(0) + 1;
    const strings = last ? latin1(data.subarray(0, last - 1)).split('\0').length : 0;
    d.problem('EMU_XS_NOT_NUL_TERMINATED', 8 + last, data.length - last, `xenstore data does not end with NUL: the last ${strings % 2 === 0 ? 'key' : 'value'} ("${printable(data.subarray(last), 40)}") runs to the end of the record; libxl refuses it`);
    return { summary: 'malformed' };
  }
  const parts = data.length ? latin1(data.subarray(0, data.length - 1)).split('\0') : [];
  if (parts.length % 2 !== 0) {
    d.problem('EMU_XS_ODD_STRINGS', 8, data.length, `xenstore data holds ${parts.length} strings; keys and values come in pairs, so the last key has no value`);
  }
  let at = 8;
  for (let i = 0; i < parts.length; i += 2) {
    const key = parts[i]!;
    const value = parts[i + 1];
    const len = key.length + 1 + (value === undefined ? 0 : value.length + 1);
    if (key === '') d.problem('R_EMU_XS_KEY_EMPTY', at, 1, `xenstore pair ${i / 2} has an empty key; libxl refuses it`);
    else if (key.startsWith('/')) d.problem('R_EMU_XS_KEY_ABSOLUTE', at, key.length, `xenstore key "${key}" is absolute; keys must be relative to the device model's directory`);
    d.group(`pair[${i / 2}]`, at, len, `${key} = ${value ?? '(missing)'}`, () => {
      d.span('key', at, key.length + 1, JSON.stringify(key), key);
      if (value !== undefined) d.span('value', at + key.length + 1, value.length + 1, JSON.stringify(value), value);
    });
    at += len;
  }
  return { summary: `${Math.floor(parts.length / 2)} key(s)${parts[0] ? ': ' + parts[0] + (parts.length > 2 ? ', …' : '') : ''}` };
};

const emulatorContext: LibxlDissector = (d) => {
  if (!emulatorHeader(d, 'EMULATOR_CONTEXT')) return {};
  const kind = dissectEmulatorState(d, 8, d.size - 8);
  const id = d.peekU32(0);
  return { summary: `${EMULATOR_NAMES[id] ?? `emulator ${id}`}, ${kind}` };
};

const checkpointState: LibxlDissector = (d) => {
  if (d.size === 0) {
    d.problem('CP_STATE_EMPTY', -4, 4, 'CHECKPOINT_STATE has no body; it must carry a 4-byte control id');
    return {};
  }
  if (d.size < 4) {
    d.span('body', 0, d.size, `${d.size} bytes (too short for a control id)`);
    return {};
  }
  const v = d.u32('control_id', 0, named(CHECKPOINT_STATE_NAMES));
  if (!(v in CHECKPOINT_STATE_NAMES)) d.problem('CP_STATE_VALUE', 0, 4, `CHECKPOINT_STATE control id ${v} is not one COLO defines (0-3)`);
  return { checkpointState: v, summary: CHECKPOINT_STATE_NAMES[v] ?? `control id ${v}` };
};

/** The body dissectors; libxl/kinds.ts gives each to its record type. */
export const LibxlDissectors = {
  end: mustBeEmpty('LEND_NONZERO_LEN', 'libxl END'),
  libxcContext: mustBeEmpty('LIBXC_CTX_NONZERO_LEN', 'LIBXC_CONTEXT'),
  xenstoreData,
  emulatorContext,
  checkpointEnd: mustBeEmpty('CP_END_NONZERO_LEN', 'CHECKPOINT_END'),
  checkpointState,
} satisfies Record<string, LibxlDissector>;
