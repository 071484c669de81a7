/**
 * Links made before fields had keys (format version 1, `field=` as child indexes), saved as that
 * explorer wrote them, still open at the same record and field; and links to fields by key path
 * survive the field tree changing around them.
 */
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FIELD_KEY_SCHEMA, fieldByPath, fieldKey, fieldKeyPath, fieldPathOfKeys, type Field } from '../../../src/decoder/model/Field.ts';
import type { IndexEntry } from '../../../src/decoder/model/RecordIndex.ts';
import { upgradeKeyPath } from '../../../src/ui/permalink/fieldRef.ts';
import type { ExplorerStore } from '../../../src/ui/state/store.ts';
import { explorerParts } from '../support/renderExplorer.tsx';

/**
 * Written by the explorer at link version 1, with what each pointed at then (the field's labels
 * from the top) and, where deeper decoding has split that field since, the field now holding its bytes.
 */
const SAVED_V1 = [
  { hash: '#v=1&sample=hvm-v3&rec=13&field=1.9.1&sel=0xe189c+1024', record: 13, labels: ['body', 'LAPIC_REGS[1]', 'data'], reshaped: ['body', 'LAPIC_REGS[1]'], offset: 923804, length: 1024 },
  { hash: '#v=1&sample=hvm-v3&rec=5&field=1.2.2&sel=0x16c+4', record: 5, labels: ['body', 'leaf[2]', 'eax'], offset: 364, length: 4 },
  { hash: '#v=1&sample=pv64-v2&rec=11&field=1.2&sel=0x1019ac+5168', record: 11, labels: ['body', 'context'], offset: 1055148, length: 5168 },
  { hash: '#v=1&sample=pv64-v2&rec=5&field=1.0&sel=0x134+1', record: 5, labels: ['body', 'guest_width'], offset: 308, length: 1 },
  { hash: '#v=1&sample=hvm-v3&rec=8&field=1.3.6&sel=0x63ec+4096', record: 8, labels: ['body', 'pages', 'page 0x6'], offset: 25580, length: 4096 },
  { hash: '#v=1&sample=legacy-pv&rec=12&field=0&sel=0x101db0+5168', record: 12, labels: ['vcpu_guest_context'], offset: 1056176, length: 5168 },
  { hash: '#v=1&sample=legacy-hvm&rec=17&field=1.9.1&sel=0xe1831+1024', record: 17, labels: ['hvm context', 'LAPIC_REGS[1]', 'data'], reshaped: ['hvm context', 'LAPIC_REGS[1]'], offset: 923697, length: 1024 },
  { hash: '#v=1&sample=broken-hvm&rec=12&field=1.15.4&sel=0xa1822+576', record: 12, labels: ['body', 'CPU_XSAVE[0]', 'xsave area'], offset: 661538, length: 576 },
  { hash: '#v=1&sample=hvm-v3&rec=14&field=1.4.1&sel=0xe2904+8', record: 14, labels: ['body', 'param[2]', 'value'], offset: 928004, length: 8 },
];

async function landed(store: ExplorerStore) {
  await waitFor(() => expect(store.getState().link).toBeNull(), { timeout: 10_000 });
  return store.getState();
}

const labelsOf = (tree: readonly Field[], path: number[]) => path.map((_, k) => fieldByPath(tree, path.slice(0, k + 1))!.name);

describe('saved version 1 links', () => {
  it.each(SAVED_V1)('$hash opens at the same record and field', async (saved) => {
    const { store, history, url } = explorerParts({ hash: saved.hash });
    history.start();
    const s = await landed(store);
    expect(s.linkProblems).toEqual([]);
    expect(s.selection).toMatchObject({ record: saved.record, offset: saved.offset, length: saved.length });
    // The same field: its labels where the tree kept its shape, else the field over the same bytes
    // (deeper decoding has since split LAPIC registers, CPUID leaves and the HVM CPU entry).
    const field = fieldByPath(s.fields!.tree, s.selection!.fieldPath!)!;
    expect(field.offset <= saved.offset && saved.offset + saved.length <= field.offset + field.length).toBe(true);
    if (!saved.reshaped) expect({ offset: field.offset, length: field.length }).toEqual({ offset: saved.offset, length: saved.length });
    if (saved.reshaped) expect(labelsOf(s.fields!.tree, s.selection!.fieldPath!)).toEqual(saved.reshaped);
    else expect(labelsOf(s.fields!.tree, s.selection!.fieldPath!)).toEqual(saved.labels);
    // The address now names the field by its key path, in the current format.
    await waitFor(() => expect(url.hash).toContain(`&field=${fieldKeyPath(s.fields!.tree, s.selection!.fieldPath!)}&schema=${FIELD_KEY_SCHEMA}`));
    expect(url.hash).toMatch(/^#v=2&/);
  }, 20_000);
});

describe('field keys', () => {
  it.each([
    ['LAPIC_REGS[1]', 'lapic_regs[1]'],
    ['xsave area', 'xsave_area'],
    ['user_regs', 'user_regs'],
    ['guestWidth', 'guest_width'],
    ['page 0x6', 'page_0x6'],
    ['leaf [2]', 'leaf[2]'],
  ])('derives %j → %j', (name, key) => expect(fieldKey(name)).toBe(key));

  const leaf = (key: string, offset: number): Field => ({ name: key, key, offset, length: 4, raw: 0, display: '0' });
  const tree: Field[] = [leaf('header', 0), { name: 'Body', key: 'body', offset: 4, length: 12, raw: null, display: '', children: [leaf('pad', 4), leaf('rip', 8), leaf('pad', 12)] }];

  it('names a field by key path, telling repeated keys apart by occurrence, and finds it again', () => {
    expect(fieldKeyPath(tree, [1, 1])).toBe('body.rip');
    expect(fieldKeyPath(tree, [1, 2])).toBe('body.pad@1');
    expect(fieldPathOfKeys(tree, 'body.pad@1')).toEqual([1, 2]);
    expect(fieldPathOfKeys(tree, 'body.rip')).toEqual([1, 1]);
    expect(fieldPathOfKeys(tree, 'body.rsp')).toBeNull();
  });

  it('finds a field by key path after fields are added before it, where a child-index path would move', () => {
    const grown: Field[] = [leaf('header', 0), { ...tree[1]!, children: [leaf('flags', 4), ...tree[1]!.children!] }];
    expect(fieldPathOfKeys(grown, 'body.rip')).toEqual([1, 2]);
    expect(fieldByPath(grown, [1, 1])!.key).not.toBe('rip');
  });

  it('upgrades a key path of an older schema one version at a time, seeing the record\'s index entry', () => {
    const entry = { type: 0x14 } as IndexEntry;
    const upgraders = { 1: (k: string) => k.replace('context.', 'body.context.'), 2: (k: string, e: IndexEntry) => `${k}@${e.type}` };
    expect(upgradeKeyPath('context.rip', 1, entry, upgraders, 3)).toBe('body.context.rip@20');
    expect(upgradeKeyPath('context.rip', 3, entry, upgraders, 3)).toBe('context.rip');
  });
});
