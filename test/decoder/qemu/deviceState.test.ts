import { describe, expect, it } from 'vitest';
import { Dissection } from '../../../src/decoder/dissect/Dissection.ts';
import { dissectEmulatorState } from '../../../src/decoder/qemu/deviceState.ts';
import { qemuDeviceState, type QemuSectionSpec } from '../../../src/generator/bodies.ts';
import { flattenFields } from '../../support/scans.ts';

/**
 * QEMU device states from the generator, with and without section footers, split back into
 * their sections: a section's data has no length, so each must end exactly where the next
 * header (or footer, or the EOF byte) starts.
 */

// Section data chosen to look like headers in the wrong places: a FULL byte with a lower id, and
// a FULL byte followed by an unprintable idstr, which must stay data.
const SECTIONS: QemuSectionSpec[] = [
  { idstr: 'timer', id: 0, version: 2, data: new Uint8Array(24).fill(0x11) },
  { idstr: 'mc146818rtc', id: 15, version: 3, data: Uint8Array.from([0x04, 0, 0, 0, 1, 3, 0x61, 0x62, 0x63, 0, 0, 0, 0, 0, 0, 0, 1]) },
  { idstr: '0000:00:03.0/vga', id: 34, instance: 0, version: 2, data: Uint8Array.from([0x04, 0, 0, 0, 40, 2, 0x01, 0x02, 0xff]) },
];

function dissect(bytes: Uint8Array) {
  const d = new Dissection(bytes, 0x100, { littleEndian: true, tree: true, diags: null, record: 0 });
  const summary = dissectEmulatorState(d, 0, bytes.length);
  return { summary, fields: flattenFields(d.fields) };
}

describe.each([false, true])('QEMU device state (footers: %s)', (footers) => {
  const bytes = qemuDeviceState(SECTIONS, footers);
  const { fields } = dissect(bytes);

  it('lists each section with its idstr, id, instance and version', () => {
    expect(fields.get('emulator state.section[0]')?.display).toBe('timer (id 0, instance 0, version 2), 24 bytes');
    expect(fields.get('emulator state.section[1].idstr')?.raw).toBe('mc146818rtc');
    expect(fields.get('emulator state.section[2]')?.display).toBe('0000:00:03.0/vga (id 34, instance 0, version 2), 9 bytes');
    expect(fields.has('emulator state.section[3]')).toBe(false);
  });

  it("gives each section's data its exact bytes, the footer when there is one, and the EOF byte", () => {
    SECTIONS.forEach((s, i) => expect(fields.get(`emulator state.section[${i}].data`)?.length).toBe(s.data.length));
    expect(fields.has('emulator state.section[1].footer')).toBe(footers);
    expect(fields.get('emulator state.EOF')).toMatchObject({ offset: 0x100 + bytes.length - 1, length: 1 });
  });
});

describe('QEMU device state the format cannot follow', () => {
  it('says so when no section header follows the version', () => {
    const bytes = qemuDeviceState(SECTIONS, false);
    bytes[8] = 0x09;
    expect(dissect(bytes).fields.get('emulator state.unrecognised data')?.display).toContain('the format cannot be followed');
  });

  it('says so when the EOF byte is missing (a state cut short)', () => {
    const bytes = qemuDeviceState(SECTIONS, false);
    expect(dissect(bytes.subarray(0, bytes.length - 3)).fields.get('emulator state.end')?.display).toContain('no EOF byte');
  });
});
