import { expect, it } from 'vitest';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { ReceivedIndex } from '../../src/decoder/model/ReceivedIndex.ts';
import { batchBuffers, RecordIndex } from '../../src/decoder/model/RecordIndex.ts';

/** The index crosses the worker boundary as batches whose columns are transferred, not copied, and kept as they came. */
it('a batch sent with its buffers transferred rebuilds the same entries on the other side', () => {
  const a = new RecordIndex(2);
  for (let i = 0; i < 5; i++) {
    const e = a.push({ offset: i * 4096, length: 4096, bodyLength: 4088, layer: Layer.Libxc, type: 1, depth: 2, group: i });
    a.setAux(e, 1024, 1024, i, i + 1);
  }
  a.setNote(3, 'note');
  const batch = a.batch(1);
  const received = structuredClone(batch, { transfer: batchBuffers(batch) });
  // Every column was transferred: the sender's copies are detached.
  expect(batch.offset.length + batch.aux.length + batch.layer.length).toBe(0);
  const b = new ReceivedIndex();
  b.apply(a.batch(0, 1));
  b.apply(received);
  expect(Array.from({ length: 5 }, (_, i) => b.get(i))).toEqual(Array.from({ length: 5 }, (_, i) => a.get(i)));
});

/** A finished scan compacts its index: the entries stay, the room reserved for more goes, more may still come. */
it('keeps every entry through compact(), and grows again after it', () => {
  const a = new RecordIndex(4);
  const push = (i: number) => a.setAux(a.push({ offset: i * 24, length: 24, layer: Layer.Libxc, type: 1, depth: 2 }), 1, 0, i, i);
  for (let i = 0; i < 1000; i++) push(i);
  const before = Array.from({ length: a.count }, (_, i) => a.get(i));
  a.compact();
  expect(Array.from({ length: a.count }, (_, i) => a.get(i))).toEqual(before);
  push(1000);
  expect(a.get(1000)).toMatchObject({ offset: 24_000, aux: [1, 0, 1000, 1000] });
  expect(a.entryAt(24_000 + 5)).toBe(1000);
});

/** Aux numbers are u32 (4 bytes a number, not 8): counts and PFNs of any real guest fit; a hostile PFN saturates. */
it('keeps aux numbers up to 2^32 - 1 exactly and saturates larger ones', () => {
  const a = new RecordIndex();
  const e = a.push({ offset: 0, length: 24, layer: Layer.Libxc, type: 1, depth: 2 });
  a.setAux(e, 1024, 0xffff_fffe, 2 ** 40, 2 ** 52 - 1);
  expect(a.get(e).aux).toEqual([1024, 0xffff_fffe, 0xffff_ffff, 0xffff_ffff]);
});

/**
 * A dense stream's index runs to millions of entries, kept in chunks of 2^16 by the scan: entries
 * on both sides of chunk boundaries survive compact() and growth after it, and batches that
 * straddle boundaries and send the last entry again (as progress messages do, since it may still
 * change) rebuild the same entries on the receiving side, with the notes of their own entries.
 */
it('keeps entries across chunk boundaries through batches, compact() and more growth', () => {
  const n = 3 * 65536 + 100;
  const a = new RecordIndex();
  // A few entries have notes, some on either side of the boundaries of chunks (of notes and columns).
  const noted = (i: number) => i % 997 === 0 || [1023, 1024, 65535, 65536, 139_999].includes(i);
  const push = (i: number) => {
    a.setAux(a.push({ offset: i * 24, length: 24, bodyLength: 16, layer: Layer.Libxc, type: i % 7, depth: 1, group: i >> 10 }), i, 1, i, i + 1);
    if (noted(i)) a.setNote(i, `note ${i}`);
  };
  const b = new ReceivedIndex();
  for (let i = 0; i < n; i++) {
    push(i);
    // Sent at these counts, each batch from the last entry sent before.
    if (i + 1 === 2 || i + 1 === 65000 || i + 1 === 140000) b.apply(a.batch(Math.max(0, b.count - 1)));
  }
  // The last entry sent changes before the next batch.
  a.setAux(139_999, 7, 7, 7, 7);
  b.apply(a.batch(b.count - 1));
  a.compact();
  push(n);
  const sample = [0, 1, 2, 64999, 65000, 65535, 65536, 65537, 131071, 131072, 139_999, 140_000, 196607, 196608, n - 1];
  for (const i of sample) {
    expect(b.get(i)).toEqual(a.get(i));
    if (i !== 139_999) expect(a.get(i)).toMatchObject({ offset: i * 24, type: i % 7, group: i >> 10, aux: [i, 1, i, i + 1] });
  }
  expect(b.get(139_999).aux).toEqual([7, 7, 7, 7]);
  const notes = (x: RecordIndex | ReceivedIndex) => Array.from({ length: n }, (_, i) => x.note(i)).flatMap((note, i) => (note === undefined ? [] : [[i, note]]));
  expect(notes(b)).toEqual(notes(a));
  expect(notes(a)).toEqual(Array.from({ length: n }, (_, i) => i).filter(noted).map((i) => [i, `note ${i}`]));
  expect(b.count).toBe(n);
  expect(a.get(n)).toMatchObject({ offset: n * 24, aux: [n, 1, n, n + 1] });
  expect(a.entryAt(65536 * 24 + 3)).toBe(65536);
  expect(b.entryAt(140_000 * 24 + 3)).toBe(140_000);
  expect(a.batch(65530, 65540).offset).toEqual(Float64Array.from({ length: 10 }, (_, k) => (65530 + k) * 24));
});
