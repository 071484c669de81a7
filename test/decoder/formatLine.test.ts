import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/decoder/bytes/ByteSource.ts';
import { describeFacts } from '../../src/decoder/scan/facts.ts';
import { scanStream } from '../../src/decoder/scan/scanStream.ts';
import { buildStream } from '../../src/generator/index.ts';

/** The one-line format the header bar and `verify` print names the guest as its config does. */
describe('format line', () => {
  it('names a PVH guest PVH: the domain header says HVM, the xl config says pvh', async () => {
    // A generated HVM stream with an xl-syntax config; its type line switched to pvh, byte by byte.
    const bytes = buildStream({ pages: 4, config: 'xl', emulator: false });
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 400));
    const at = text.indexOf('type = "hvm"') + 'type = "'.length;
    bytes.set(new TextEncoder().encode('pvh'), at);
    const r = await scanStream(new MemorySource(bytes));
    expect(r.facts.config?.type).toBe('pvh');
    expect(describeFacts(r.facts)).toBe('xl → libxl v2 → libxc v3, x86 PVH, Xen 4.17');
  });

  it('names a guest PVH from its records when no config says: a complete libxl stream with no device model state', async () => {
    const pvh = await scanStream(new MemorySource(buildStream({ pages: 4, config: 'none', emulator: false, xenstore: false })));
    expect(describeFacts(pvh.facts)).toBe('xl → libxl v2 → libxc v3, x86 PVH (no device model state), Xen 4.17');
    // HVM guests carry QEMU's state; a cut stream may have lost it, so it says nothing.
    const hvm = await scanStream(new MemorySource(buildStream({ pages: 4, config: 'none' })));
    expect(describeFacts(hvm.facts)).toContain('x86 HVM,');
    const cut = buildStream({ pages: 4, config: 'none', emulator: false, xenstore: false });
    const truncated = await scanStream(new MemorySource(cut.subarray(0, cut.length - 64)));
    expect(describeFacts(truncated.facts)).toContain('x86 HVM,');
  });

  it('keeps HVM for an HVM config', async () => {
    const r = await scanStream(new MemorySource(buildStream({ pages: 4 })));
    expect(describeFacts(r.facts)).toContain('x86 HVM');
  });
});
