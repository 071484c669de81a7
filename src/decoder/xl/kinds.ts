/** The xl save-file header, declared once (spec: xl-header.md). */
import { Endian } from '../core/endian.ts';
import type { HeaderKind } from '../core/RecordKind.ts';
import { dissectXlHeader, XL_FIXED_SIZE, XlHeader } from './header.ts';

export const XL_HEADER_KINDS: Readonly<Record<number, HeaderKind>> = {
  // The entry spans the optional data (the domain config) too; only the fixed part must be there.
  [XlHeader.Header]: { name: 'xl header', category: 'header', guests: 'any', scanReads: 'whole', size: XL_FIXED_SIZE, littleEndian: Endian.Little, dissect: dissectXlHeader },
};
