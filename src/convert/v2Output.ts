/**
 * The converted stream as it is laid out: v2 records (libxc and libxl frame them alike: u32 type,
 * u32 body length, body, zero padding to 8 bytes) whose bodies mix bytes made here with slices
 * of the legacy file, so guest pages are referenced, never copied into memory.
 */
import { OutputPlan } from '../decoder/output/OutputPlan.ts';
import { padTo8 } from '../decoder/core/sizes.ts';
import { Bytes } from '../generator/bytes.ts';

/** A run of the source file to copy as it is. */
export interface SourceSlice {
  offset: number;
  length: number;
}

export type BodyPart = Uint8Array | SourceSlice;

const partLength = (p: BodyPart): number => (p instanceof Uint8Array ? p.length : p.length);

export class V2Output {
  readonly plan = new OutputPlan();

  /** Unframed bytes: container and stream headers, or a raw QEMU record after END. */
  bytes(b: Uint8Array): void {
    this.plan.bytes(b);
  }

  slice(s: SourceSlice): void {
    this.plan.slice(s.offset, s.length);
  }

  record(type: number, ...parts: BodyPart[]): void {
    const length = parts.reduce((n, p) => n + partLength(p), 0);
    this.plan.bytes(new Bytes().u32(type).u32(length).done());
    for (const p of parts) {
      if (p instanceof Uint8Array) this.plan.bytes(p);
      else this.slice(p);
    }
    const pad = padTo8(length);
    if (pad) this.plan.bytes(new Uint8Array(pad));
  }
}
