import { describe, expect, it } from 'vitest';
import { parseOffset } from '../../src/ui/hex/parseOffset.ts';

describe('parseOffset', () => {
  it.each([
    ['0x1000', 4096],
    ['0X1_0000_0000', 2 ** 32],
    ['  4294967296 ', 2 ** 32],
    ['1,048,576', 1048576],
    ['0', 0],
    ['0x1fffffffffffff', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %d', (text, want) => expect(parseOffset(text)).toBe(want));

  it.each(['', 'x10', '0x', '12ab', '-5', '1.5', '0x20000000000000', '99999999999999999999'])('refuses %j', (text) => expect(parseOffset(text)).toBeNull());
});
