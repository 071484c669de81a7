import type { ByteSource } from '../../../src/decoder/bytes/ByteSource.ts';

/**
 * A big file on a slow disk, made exact: reads from 60% of the way in wait until `release()`
 * (the fingerprint's probes of the start, middle and end pass), so a scan of it is still running,
 * short of its last records, whatever the machine's speed.
 */
export function heldSource(source: ByteSource): { source: ByteSource; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const held = (o: number) => o >= source.size * 0.6 && o < source.size - 65536;
  return { source: { name: source.name, size: source.size, read: (o, n) => (held(o) ? gate.then(() => source.read(o, n)) : source.read(o, n)) }, release };
}
