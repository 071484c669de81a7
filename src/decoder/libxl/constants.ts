/** libxl stream v2 constants (spec: libxl-stream.md). */

export const LHDR_SIZE = 16;
/** "LibxlFmt" as the 8 header bytes. */
export const LIBXL_IDENT = 'LibxlFmt';
export const LibxlHeader = { Stream: 0 } as const;

export const LibxlRec = {
  END: 0,
  LIBXC_CONTEXT: 1,
  EMULATOR_XENSTORE_DATA: 2,
  EMULATOR_CONTEXT: 3,
  CHECKPOINT_END: 4,
  CHECKPOINT_STATE: 5,
} as const;

export const EMULATOR_NAMES: Record<number, string> = {
  0: 'unknown (converted legacy stream)',
  1: 'QEMU traditional',
  2: 'QEMU upstream',
};

export const CHECKPOINT_STATE_NAMES: Record<number, string> = {
  0: 'NEW',
  1: 'SVM_SUSPENDED',
  2: 'SVM_READY',
  3: 'SVM_RESUMED',
};
