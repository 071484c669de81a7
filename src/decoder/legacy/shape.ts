/**
 * What a legacy stream does not say about itself: the saving toolstack's word size and the
 * guest type (spec: legacy-stream.md §7, §10). Width comes from the stream's first bytes; the
 * guest type from the domain config when the container has one (as xl/libxl decide it), else
 * from the first bytes; the user can override either when the guess is wrong.
 */
import type { DomainConfig } from '../config/domainConfig.ts';

export type LegacyGuest = 'pv' | 'hvm';
export type LegacyWidth = 4 | 8;

/** What the user says when the guess is wrong (CLI --legacy-width/--legacy-guest, the UI control). */
export interface LegacyOverride {
  width?: LegacyWidth;
  guest?: LegacyGuest;
}

export interface LegacyShape {
  /** Toolstack word size in bytes: the width of p2m_size, PFN entries and other `unsigned long`s. */
  width: LegacyWidth;
  guest: LegacyGuest;
  widthFrom: 'option' | 'stream';
  guestFrom: 'option' | 'config' | 'stream';
  /** How both were decided, in words. */
  decidedBy: string;
  /** The first bytes carry the PV extended-info signature. */
  pvSignature: boolean;
}

const allOnes = (b: Uint8Array, from: number, to: number): boolean => {
  const end = Math.min(to, b.length);
  if (end <= from) return false;
  for (let i = from; i < end; i++) if (b[i] !== 0xff) return false;
  return true;
};

/** `head` holds the first 16 bytes of the stream (fewer when the file is that short). */
export function inferLegacyShape(head: Uint8Array, config: DomainConfig | undefined, override: LegacyOverride | undefined): LegacyShape {
  // Whatever of bytes 4-7 the file has (a cut-short file may hold only some) decides.
  const upperZero = head.subarray(4, 8).every((b) => b === 0);
  const streamWidth: LegacyWidth = upperZero ? 8 : 4;
  const width = override?.width ?? streamWidth;
  // PV streams continue with the extended-info signature: a whole all-ones word after p2m_size.
  const pvSignature = width === 8 ? allOnes(head, 8, 16) : allOnes(head, 4, 8);

  const widthWhy = override?.width
    ? `${width * 8}-bit toolstack as given by the user`
    : upperZero
      ? '64-bit toolstack (bytes 4-7 are zero: the upper half of a 64-bit p2m_size)'
      : '32-bit toolstack (bytes 4-7 are not zero, so p2m_size is a 32-bit word)';

  let guest: LegacyGuest;
  let guestFrom: LegacyShape['guestFrom'];
  let guestWhy: string;
  const cfgType = config?.type === 'pv' || config?.type === 'hvm' ? config.type : undefined;
  if (override?.guest) {
    guest = override.guest;
    guestFrom = 'option';
    guestWhy = `${guest.toUpperCase()} guest as given by the user`;
  } else if (cfgType) {
    guest = cfgType;
    guestFrom = 'config';
    guestWhy = `${guest.toUpperCase()} guest from the domain config (type "${cfgType}"), as xl restore decides it`;
  } else {
    guest = pvSignature ? 'pv' : 'hvm';
    guestFrom = 'stream';
    const where = width === 8 ? 'bytes 8-15' : 'bytes 4-7';
    guestWhy = pvSignature
      ? `PV guest guessed from the first bytes (${where} are the extended-info signature)`
      : `HVM guest guessed from the first bytes (${where} are not the PV extended-info signature, so a chunk id follows p2m_size)`;
  }
  return { width, guest, widthFrom: override?.width ? 'option' : 'stream', guestFrom, decidedBy: `${widthWhy}; ${guestWhy}`, pvSignature };
}
