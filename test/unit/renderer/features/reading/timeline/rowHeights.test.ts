import { describe, expect, it } from 'vitest';
import { RowHeights } from '../../../../../../renderer/features/reading/timeline/rowHeights';

/** The offsets as a table of prefix sums: what RowHeights must agree with. */
function naiveOffsets(heights: readonly number[]): number[] {
  const offsets = [0];
  for (const height of heights) offsets.push(offsets.at(-1)! + height);
  return offsets;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RowHeights', () => {
  it('agrees with a table of prefix sums through measurements, re-measurements and new counts', () => {
    const next = random(7);
    let count = 4997;
    let rows = new RowHeights(count, 72);
    let heights = Array.from({ length: count }, () => 72);
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 1500; k++) {
        const index = Math.floor(next() * count);
        const height = 20 + Math.floor(next() * 400);
        const changed = rows.set(index, height);
        expect(changed).toBe(Math.abs(height - heights[index]!) > 0.5);
        if (changed) heights[index] = height;
      }
      const offsets = naiveOffsets(heights);
      for (let index = 0; index <= count; index++) expect(rows.offset(index)).toBeCloseTo(offsets[index]!, 6);
      expect(rows.total()).toBeCloseTo(offsets[count]!, 6);
      for (let k = 0; k < 200; k++) {
        const y = next() * offsets[count]!;
        // The last row whose top is at or above y.
        const expected = offsets.findLastIndex((top, index) => index < count && top <= y);
        expect(rows.indexAt(y), `y ${y}`).toBe(expected);
      }
      // A pull adds rows (or, in a test, fewer are counted): measured rows are kept by position.
      const grown = round % 2 === 0 ? count + 1131 : count - 1057;
      rows = new RowHeights(grown, 72, rows);
      heights = Array.from({ length: grown }, (_, index) => (index < count ? heights[index]! : 72));
      count = grown;
      const kept = naiveOffsets(heights);
      for (let index = 0; index <= count; index += 7) expect(rows.offset(index)).toBeCloseTo(kept[index]!, 6);
    }
  });

  it('costs nothing proportional to the count until a row is measured', () => {
    const rows = new RowHeights(1_000_000, 80);
    expect(rows.total()).toBe(80_000_000);
    expect(rows.indexAt(40_000_000)).toBe(500_000);
    expect(rows.indexAt(-5)).toBe(0);
    expect(rows.indexAt(1e12)).toBe(999_999);
    rows.set(10, 200);
    expect(rows.offset(11)).toBe(11 * 80 + 120);
    expect(rows.height(10)).toBe(200);
    expect(rows.set(10, 0)).toBe(false);
    expect(new RowHeights(0, 80).indexAt(10)).toBe(0);
  });
});
