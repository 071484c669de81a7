import type { OutputPlan } from './OutputPlan.ts';

/** Zeros are referenced from one shared chunk, so a hole of gigabytes allocates nothing more. */
const ZERO_CHUNK = 1024 * 1024;

/**
 * The plan as a `Blob` over `source` (the dropped `File`): slices of a Blob are references, so
 * the result holds no copy of the guest's pages and a 16 GiB export costs flat memory.
 */
export function planBlob(plan: OutputPlan, source: Blob, type = 'application/octet-stream'): Blob {
  let zero: Blob | undefined;
  const parts: (Uint8Array<ArrayBuffer> | Blob)[] = [];
  for (const p of plan.pieces) {
    if (p.kind === 'bytes') parts.push(p.bytes as Uint8Array<ArrayBuffer>);
    else if (p.kind === 'slice') parts.push(source.slice(p.offset, p.offset + p.length));
    else {
      zero ??= new Blob([new Uint8Array(ZERO_CHUNK)]);
      for (let left = p.length; left > 0; left -= ZERO_CHUNK) parts.push(left >= ZERO_CHUNK ? zero : zero.slice(0, left));
    }
  }
  return new Blob(parts, { type });
}
