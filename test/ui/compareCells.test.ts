/** The comparison's map cells: each cell takes the worst class any of its PFNs has (changed, then only in A, then only in B). */
import { expect, it } from 'vitest';
import { CompareClass, compareCells, firstPfnIn } from '../../src/ui/compare/compareCells.ts';

const d = { changedPfns: [[3, 3], [100, 104]] as [number, number][], onlyAPfns: [[10, 19]] as [number, number][], onlyBPfns: [[4, 12], [200, 255]] as [number, number][] };

it('classes one PFN a cell exactly, and the worst class when a cell covers several', () => {
  const one = compareCells(d, 0, 20, 20);
  expect([...one]).toEqual([0, 0, 0, 3, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  // 16 PFNs a cell: PFNs 0-15 hold a change; 96-111 too; 192-255 only in B.
  const coarse = compareCells(d, 0, 256, 16);
  expect(coarse[0]).toBe(CompareClass.Changed);
  expect(coarse[1]).toBe(CompareClass.OnlyA);
  expect(coarse[6]).toBe(CompareClass.Changed);
  expect([...coarse.subarray(12)]).toEqual([1, 1, 1, 1]);
  expect(coarse[8]).toBe(CompareClass.Same);
});

it('finds the first PFN of a class inside a cell, to show or select', () => {
  expect(firstPfnIn(d, CompareClass.Changed, 0, 256, 16, 6)).toBe(100);
  expect(firstPfnIn(d, CompareClass.OnlyA, 0, 256, 16, 0)).toBe(10);
  expect(firstPfnIn(d, CompareClass.Changed, 0, 256, 16, 8)).toBe(-1);
});
