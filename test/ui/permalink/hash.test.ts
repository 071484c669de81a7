import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_VERSION, parseHash, upgradeParams, writeHash, type LinkState } from '../../../src/ui/permalink/hash.ts';

const fileLink: LinkState = {
  target: { kind: 'file', name: 'guest-41.save', size: 1234567, fingerprint: '0123456789abcdef' },
  spot: { record: 12, field: { keys: 'body.user_regs.rip', schema: 1 }, bytes: { offset: 0x1a2b, length: 8 } },
  top: 0x1a00,
};

describe('permalink hash: writing', () => {
  it('writes every field of a file link, in a form people can read', () => {
    expect(writeHash(fileLink)).toBe('#v=2&file=guest-41.save&size=1234567&fp=0123456789abcdef&rec=12&field=body.user_regs.rip&schema=1&sel=0x1a2b+8&top=0x1a00');
  });

  it('writes a sample link with a legacy override, widths in bits as the CLI takes them', () => {
    const link: LinkState = { target: { kind: 'sample', name: 'legacy-pv' }, legacy: { width: 4, guest: 'hvm' }, spot: { record: 3, field: null, bytes: { offset: 0x40, length: 16 } }, top: 0 };
    expect(writeHash(link)).toBe('#v=2&sample=legacy-pv&legacy-width=32&legacy-guest=hvm&rec=3&sel=0x40+16&top=0x0');
  });

  it('leaves out what is not there: no record for bytes outside every record, no spot, no position', () => {
    expect(writeHash({ ...fileLink, spot: { record: null, field: null, bytes: { offset: 0x10, length: 1 } }, top: null })).toBe('#v=2&file=guest-41.save&size=1234567&fp=0123456789abcdef&sel=0x10+1');
    expect(writeHash({ target: { kind: 'sample', name: 'hvm-v3' }, spot: null, top: null })).toBe('#v=2&sample=hvm-v3');
  });

  it('escapes file names that hold the hash\'s own characters', () => {
    const name = 'vm #3 & friends=50%+.save';
    const hash = writeHash({ ...fileLink, target: { kind: 'file', name, size: 1, fingerprint: 'ab' } });
    expect(hash).toContain('file=vm%20%233%20%26%20friends%3D50%25%2B.save&');
    expect(parseHash(hash).link?.target).toEqual({ kind: 'file', name, size: 1, fingerprint: 'ab' });
  });
});

describe('permalink hash: reading', () => {
  it('reads back every field it writes', () => {
    expect(parseHash(writeHash(fileLink))).toEqual({ link: fileLink, problems: [] });
  });

  it('round-trips any state: files and samples, any name, records, paths, ranges, positions and overrides', () => {
    const offset = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    const target = fc.oneof(
      fc.record({ kind: fc.constant('sample' as const), name: fc.string({ minLength: 1 }) }),
      fc.record({ kind: fc.constant('file' as const), name: fc.string({ minLength: 1 }), size: fc.option(offset), fingerprint: fc.option(fc.stringMatching(/^[0-9a-f]{16}$/)) }),
    );
    const spot = fc.oneof(
      fc.record({
        record: fc.nat(),
        field: fc.option(
          fc.oneof(
            fc.record({ keys: fc.stringMatching(/^[a-z0-9_]+(\[[0-9]+\])?(@[1-9])?(\.[a-z0-9_]+(\[[0-9]+\])?)*$/), schema: fc.integer({ min: 1, max: 9 }) }),
            fc.record({ indexes: fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 8 }) }),
          ),
        ),
        bytes: fc.option(fc.record({ offset, length: fc.nat() })) }),
      fc.record({ record: fc.constant(null), field: fc.constant(null), bytes: fc.record({ offset, length: fc.nat() }) }),
    );
    const legacy = fc.option(
      fc.record({ width: fc.constantFrom(4 as const, 8 as const), guest: fc.constantFrom('pv' as const, 'hvm' as const) }, { requiredKeys: [] }).filter((l) => Object.keys(l).length > 0),
      { nil: undefined },
    );
    // The Memory tab's address: a PFN, a guest-physical address, or a 64-bit virtual one through a vCPU.
    const guest = fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('pfn' as const), pfn: offset }),
        fc.record({ kind: fc.constant('physical' as const), address: offset }),
        fc.record({ kind: fc.constant('virtual' as const), address: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), vcpu: fc.nat({ max: 4095 }) }),
      ),
      { nil: undefined },
    );
    // The file compared with it (Compare with…), always with its size and fingerprint.
    const compare = fc.option(fc.record({ name: fc.string({ minLength: 1 }), size: offset, fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/) }), { nil: undefined });
    fc.assert(
      fc.property(target, fc.option(spot), fc.option(offset), legacy, guest, compare, (t, s, top, l, g, c) => {
        const link: LinkState = { target: t, spot: s, top, ...(l ? { legacy: l } : {}), ...(g ? { guest: g } : {}), ...(c ? { compare: c } : {}) };
        const parsed = parseHash(writeHash(link));
        // A file link without size or fingerprint reads back whole, with a word about it.
        expect(parsed.link).toEqual(link);
        if (t.kind === 'sample' || (t.size !== null && t.fingerprint !== null)) expect(parsed.problems).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('reads links to a guest page: a PFN, a physical address, a virtual one (vCPU 0 unless named), and says what is wrong', () => {
    expect(parseHash('#v=2&sample=hvm-v3&pfn=0x1f').link?.guest).toEqual({ kind: 'pfn', pfn: 0x1f });
    expect(parseHash('#v=2&sample=hvm-v3&phys=8192').link?.guest).toEqual({ kind: 'physical', address: 8192 });
    expect(parseHash('#v=2&sample=hvm-v3&addr=0xffffffff81000040').link?.guest).toEqual({ kind: 'virtual', address: 0xffffffff81000040n, vcpu: 0 });
    expect(parseHash('#v=2&sample=hvm-v3&addr=0x1000&vcpu=3').link?.guest).toEqual({ kind: 'virtual', address: 0x1000n, vcpu: 3 });
    const bad = parseHash('#v=2&sample=hvm-v3&addr=0x1ffffffffffffffff');
    expect(bad.link?.guest).toBeUndefined();
    expect(bad.problems).toEqual(['The guest address “0x1ffffffffffffffff” is not a 64-bit number; it was left out.']);
    // A link without any of them (every link before them) shows no guest page.
    expect(parseHash('#v=2&sample=hvm-v3&rec=3').link?.guest).toBeUndefined();
  });

  it('takes decimal and hex numbers, and a sel whose + a form decoder turned into a space', () => {
    const { link, problems } = parseHash('#v=1&sample=hvm-v3&rec=0x10&sel=4096 16&top=256');
    expect(problems).toEqual([]);
    expect(link?.spot).toEqual({ record: 16, field: null, bytes: { offset: 4096, length: 16 } });
    expect(link?.top).toBe(256);
  });

  it('reads a short hand-made link: just a sample and a record', () => {
    expect(parseHash('#v=1&sample=remus&rec=7')).toEqual({ link: { target: { kind: 'sample', name: 'remus' }, spot: { record: 7, field: null, bytes: null }, top: null }, problems: [] });
  });

  it('gives nothing and no complaint for an empty hash', () => {
    expect(parseHash('')).toEqual({ link: null, problems: [] });
    expect(parseHash('#')).toEqual({ link: null, problems: [] });
  });
});

describe('permalink hash: versions', () => {
  it('is at version 2, and reads a link from a newer explorer as far as it can, saying so', () => {
    expect(LINK_VERSION).toBe(2);
    const { link, problems } = parseHash('#v=7&sample=hvm-v3&rec=2&colour=blue');
    expect(link).toEqual({ target: { kind: 'sample', name: 'hvm-v3' }, spot: { record: 2, field: null, bytes: null }, top: null });
    expect(problems).toEqual([expect.stringContaining('newer version of the explorer (format 7')]);
  });

  it.each([
    ['no version', '#sample=hvm-v3&rec=2', 'has no format version'],
    ['version 0', '#v=0&sample=hvm-v3&rec=2', 'format version “0” is unknown'],
    ['a version that is not a number', '#v=beta&sample=hvm-v3&rec=2', 'format version “beta” is unknown'],
  ])('reads a link with %s as the current version, saying so', (_, hash, said) => {
    const { link, problems } = parseHash(hash);
    expect(link?.spot?.record).toBe(2);
    expect(problems).toEqual([expect.stringContaining(said)]);
  });

  it('upgrades old parameters one version at a time, in order, up to the current one', () => {
    const upgraders = {
      1: (p: Map<string, string>) => new Map([...p, ['seen', (p.get('seen') ?? '') + '1']]),
      2: (p: Map<string, string>) => new Map([...p, ['seen', p.get('seen') + '2']]),
      3: () => {
        throw new Error('past the target version');
      },
    };
    expect(upgradeParams(new Map([['rec', '1']]), 1, 3, upgraders)).toEqual(new Map([['rec', '1'], ['seen', '12']]));
    expect(upgradeParams(new Map([['rec', '1']]), 2, 3, upgraders).get('seen')).toBe('undefined2');
    expect(upgradeParams(new Map([['rec', '1']]), 3, 3, upgraders)).toEqual(new Map([['rec', '1']]));
  });
});

describe('permalink hash: malformed links', () => {
  const read = (hash: string) => parseHash(hash);

  it('names no target: nothing to open, and says so', () => {
    expect(read('#v=1&rec=3&sel=0x10+4')).toEqual({ link: null, problems: ['The link names no file and no sample, so there is nothing to open.'] });
  });

  it('prefers the sample when a link names both, and says so', () => {
    const { link, problems } = read('#v=1&file=a.save&size=3&fp=ab&sample=remus');
    expect(link?.target).toEqual({ kind: 'sample', name: 'remus' });
    expect(problems).toEqual([expect.stringContaining('both a sample and a file')]);
  });

  it.each([
    ['size=12kB', 'file size “12kB” is not a number', { size: null, fingerprint: '00ff' }],
    ['fp=xyz', 'fingerprint “xyz” is not hex digits', { size: 100, fingerprint: null }],
  ])('keeps a file link whose %s is bad, without it', (bad, said, target) => {
    const good = { size: 'size=100', fp: 'fp=00FF' };
    const hash = `#v=1&file=g.save&${bad.startsWith('size') ? bad : good.size}&${bad.startsWith('fp') ? bad : good.fp}&rec=1`;
    const { link, problems } = read(hash);
    expect(link?.target).toEqual({ kind: 'file', name: 'g.save', ...target });
    expect(link?.spot?.record).toBe(1);
    expect(problems).toEqual([expect.stringContaining(said)]);
  });

  it('says what a file link without size or fingerprint cannot check', () => {
    const { link, problems } = read('#v=1&file=g.save');
    expect(link?.target).toEqual({ kind: 'file', name: 'g.save', size: null, fingerprint: null });
    expect(problems).toHaveLength(2);
  });

  it.each([
    ['rec=twelve', { record: null, field: null, bytes: { offset: 16, length: 4 } }, 'record number “twelve”'],
    ['rec=-1', { record: null, field: null, bytes: { offset: 16, length: 4 } }, 'record number “-1”'],
    ['rec=1.5', { record: null, field: null, bytes: { offset: 16, length: 4 } }, 'record number “1.5”'],
    ['rec=99999999999999999999', { record: null, field: null, bytes: { offset: 16, length: 4 } }, 'record number'],
  ])('drops a bad record number (%s) and keeps the bytes', (rec, spot, said) => {
    const { link, problems } = read(`#v=1&sample=hvm-v3&${rec}&sel=0x10+4`);
    expect(link?.spot).toEqual(spot);
    expect(problems).toEqual([expect.stringContaining(said)]);
  });

  it.each(['2..5', '2.x', '', '.1', '-1', '1,2'])('drops a field path that is not numbers joined by dots (%j), keeping the record', (field) => {
    const { link, problems } = read(`#v=1&sample=hvm-v3&rec=4&field=${field}`);
    expect(link?.spot).toEqual({ record: 4, field: null, bytes: null });
    expect(problems).toEqual([expect.stringContaining('is not a field path')]);
  });

  it('reads a version 1 field (child indexes) as a field by position, and a version 2 one as a key path', () => {
    expect(read('#v=1&sample=hvm-v3&rec=4&field=1.9.1').link?.spot?.field).toEqual({ indexes: [1, 9, 1] });
    expect(read('#v=2&sample=hvm-v3&rec=4&field=body.lapic_regs[1].data&schema=1').link?.spot?.field).toEqual({ keys: 'body.lapic_regs[1].data', schema: 1 });
  });

  it.each(['Body.x', 'body..x', 'body x', '.body'])('drops a key path that is not keys joined by dots (%j), keeping the record', (field) => {
    const { link, problems } = read(`#v=2&sample=hvm-v3&rec=4&field=${encodeURIComponent(field)}&schema=1`);
    expect(link?.spot).toEqual({ record: 4, field: null, bytes: null });
    expect(problems).toEqual([expect.stringContaining('is not a key path')]);
  });

  it('drops a field path without a record number', () => {
    const { link, problems } = read('#v=1&sample=hvm-v3&field=1.2&sel=0x10+4');
    expect(link?.spot).toEqual({ record: null, field: null, bytes: { offset: 16, length: 4 } });
    expect(problems).toEqual([expect.stringContaining('without a record number')]);
  });

  it.each(['0x10', '0x10+', '+4', 'ten+4', '0x10+4+4', '0x10+-4'])('drops a sel that is not offset+length (%j), keeping the record', (sel) => {
    const { link, problems } = read(`#v=1&sample=hvm-v3&rec=4&sel=${sel}`);
    expect(link?.spot).toEqual({ record: 4, field: null, bytes: null });
    expect(problems).toEqual([expect.stringContaining('are not an offset and a length')]);
  });

  it('has no spot at all when neither record nor bytes survive', () => {
    const { link } = read('#v=1&sample=hvm-v3&rec=x&sel=y');
    expect(link?.spot).toBeNull();
  });

  it('drops a bad hex view position', () => {
    const { link, problems } = read('#v=1&sample=hvm-v3&top=far');
    expect(link?.top).toBeNull();
    expect(problems).toEqual([expect.stringContaining('hex view position “far”')]);
  });

  it.each([
    ['legacy-width=48', { guest: 'pv' }, 'width “48” is not 32 or 64'],
    ['legacy-guest=arm', { width: 4 }, 'guest type “arm” is not pv or hvm'],
  ])('drops a bad legacy override (%s), keeping the other half', (bad, legacy, said) => {
    const other = bad.startsWith('legacy-width') ? 'legacy-guest=pv' : 'legacy-width=32';
    const { link, problems } = read(`#v=1&sample=legacy-pv&${bad}&${other}`);
    expect(link?.legacy).toEqual(legacy);
    expect(problems).toEqual([expect.stringContaining(said)]);
  });

  it('skips a badly escaped parameter and reads the rest', () => {
    const { link, problems } = read('#v=1&file=bad%E0%A4%A.save&sample=hvm-v3&rec=2');
    expect(link?.target).toEqual({ kind: 'sample', name: 'hvm-v3' });
    expect(problems).toEqual([expect.stringContaining('is not properly escaped')]);
  });

  it('never throws, whatever the hash', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const { link, problems } = parseHash(s);
        expect(Array.isArray(problems)).toBe(true);
        if (link) expect(parseHash(writeHash(link)).link).toEqual(link);
      }),
      { numRuns: 2000 },
    );
  });
});
