/** Every libxl record type and the libxl header, declared once (spec: libxl-stream.md §1, §3). */
import { Endian } from '../core/endian.ts';
import { unknownKind, type HeaderKind, type RecordCategory, type RecordKind } from '../core/RecordKind.ts';
import { LHDR_SIZE, LibxlHeader, LibxlRec } from './constants.ts';
import { dissectLibxlHeader, LibxlDissectors, type LibxlDissector } from './records.ts';

export interface LibxlKind extends RecordKind {
  readonly body?: LibxlDissector;
}

// Emulator records are for HVM guests only, but libxl checks that against the domain config
// (R_EMU_NOT_HVM), not against the libxc stream's guest type.
const kind = (name: keyof typeof LibxlRec, category: RecordCategory, body: LibxlDissector): LibxlKind => ({ name, category, guests: 'any', scanReads: 'whole', body });

export const LIBXL_RECORD_KINDS: Readonly<Record<number, LibxlKind>> = {
  [LibxlRec.END]: kind('END', 'control', LibxlDissectors.end),
  [LibxlRec.LIBXC_CONTEXT]: kind('LIBXC_CONTEXT', 'control', LibxlDissectors.libxcContext),
  [LibxlRec.EMULATOR_XENSTORE_DATA]: kind('EMULATOR_XENSTORE_DATA', 'emulator', LibxlDissectors.xenstoreData),
  [LibxlRec.EMULATOR_CONTEXT]: kind('EMULATOR_CONTEXT', 'emulator', LibxlDissectors.emulatorContext),
  [LibxlRec.CHECKPOINT_END]: kind('CHECKPOINT_END', 'control', LibxlDissectors.checkpointEnd),
  [LibxlRec.CHECKPOINT_STATE]: kind('CHECKPOINT_STATE', 'control', LibxlDissectors.checkpointState),
};

export const LIBXL_HEADER_KINDS: Readonly<Record<number, HeaderKind>> = {
  [LibxlHeader.Stream]: { name: 'libxl header', category: 'header', guests: 'any', scanReads: 'whole', size: LHDR_SIZE, littleEndian: Endian.Big, dissect: dissectLibxlHeader },
};

export function libxlRecordKind(type: number): LibxlKind {
  return LIBXL_RECORD_KINDS[type] ?? unknownKind(`UNKNOWN_${type.toString(16)}`, 'control');
}

export function libxlRecordName(type: number): string {
  return libxlRecordKind(type).name;
}
