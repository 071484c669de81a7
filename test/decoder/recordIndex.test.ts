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
