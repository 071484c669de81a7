/** A link's parts in words, for the page that asks for its file and the notices about it. */
import { sizeText } from '../../decoder/dissect/show.ts';
import type { LegacyOverride } from '../../decoder/legacy/shape.ts';
import { count, hexOffset } from '../format.ts';
import type { ByteRange } from '../state/ByteRange.ts';
import { describeFieldRef } from './fieldRef.ts';
import type { LinkSpot } from './hash.ts';

/** "bytes 0x1a2b–0x1a32 (8 bytes)", "byte 0x1a2b", or "offset 0x1a2b" for no bytes. */
export function describeBytes({ offset, length }: ByteRange): string {
  if (length === 0) return `offset ${hexOffset(offset)}`;
  if (length === 1) return `byte ${hexOffset(offset)}`;
  return `bytes ${hexOffset(offset)}–${hexOffset(offset + length - 1)} (${count(length)} bytes)`;
}

/** "record #12, field body.user_regs.rip, bytes 0x1a2b–0x1a32 (8 bytes)"; "the start of the file" for none. */
export function describeSpot(spot: LinkSpot | null): string {
  if (!spot) return 'the start of the file';
  const parts: string[] = [];
  if (spot.record !== null) parts.push(`record #${spot.record}`);
  if (spot.field) parts.push(`field ${describeFieldRef(spot.field)}`);
  if (spot.bytes) parts.push(describeBytes(spot.bytes));
  return parts.join(', ');
}

/** "1.18 MiB (1,234,567 bytes)", or just the bytes when that says it all. */
export function describeSize(size: number): string {
  return size < 1024 ? `${count(size)} bytes` : `${sizeText(size)} (${count(size)} bytes)`;
}

/** "32-bit toolstack, PV guest" for a legacy override, or null when there is none. */
export function describeLegacy(legacy: LegacyOverride | undefined): string | null {
  const parts = [legacy?.width ? `${legacy.width * 8}-bit toolstack` : '', legacy?.guest ? `${legacy.guest.toUpperCase()} guest` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}
