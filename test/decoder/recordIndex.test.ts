import { expect, it } from 'vitest';
import { Layer } from '../../src/decoder/model/Layer.ts';
import { batchBuffers, RecordIndex } from '../../src/decoder/model/RecordIndex.ts';

/** The index crosses the worker boundary as batches whose columns are transferred, not copied. */
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
  const b = new RecordIndex();
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
 * A dense stream's index runs to millions of entries, kept in chunks of 2^16: entries on both
 * sides of chunk boundaries survive batches (sent in pieces that straddle boundaries, as progress
 * messages do), compact() and growth after it.
 */
it('keeps entries across chunk boundaries through batches, compact() and more growth', () => {
  const n = 3 * 65536 + 100;
  const a = new RecordIndex();
  const push = (i: number) => a.setAux(a.push({ offset: i * 24, length: 24, bodyLength: 16, layer: Layer.Libxc, type: i % 7, depth: 1, group: i >> 10 }), i, 1, i, i + 1);
  for (let i = 0; i < n; i++) push(i);
  const b = new RecordIndex();
  for (const [from, to] of [[0, 65000], [64999, 140000], [140000, n]] as const) b.apply(a.batch(from, to));
  a.compact();
  push(n);
  const sample = [0, 65535, 65536, 65537, 131071, 131072, 196607, 196608, n - 1];
  for (const i of sample) {
    expect(b.get(i)).toEqual(a.get(i));
    expect(a.get(i)).toMatchObject({ offset: i * 24, type: i % 7, group: i >> 10, aux: [i, 1, i, i + 1] });
  }
  expect(b.count).toBe(n);
  expect(a.get(n)).toMatchObject({ offset: n * 24, aux: [n, 1, n, n + 1] });
  expect(a.entryAt(65536 * 24 + 3)).toBe(65536);
  expect(a.batch(65530, 65540).offset).toEqual(Float64Array.from({ length: 10 }, (_, k) => (65530 + k) * 24));
});
