import { describe, expect, it } from 'vitest';
import { decodePostings, encodePostings, intersect, union } from '../../../../renderer/search/postingCodec';

describe('posting lists', () => {
  it('round-trips ascending ids through delta varints', () => {
    const ids = [0, 1, 2, 127, 128, 300, 16_384, 2 ** 31, 2 ** 32 - 1];
    const encoded = encodePostings(ids);
    expect(Array.from(decodePostings(encoded))).toEqual(ids);
    expect(encodePostings([5, 6, 7]).length).toBe(3);
  });

  it('intersects and unions sorted lists', () => {
    const a = Uint32Array.from([1, 3, 5, 7, 9, 1000, 5000]);
    const b = Uint32Array.from([2, 3, 4, 5, 1000, 4999, 5000, 6000]);
    expect(Array.from(intersect(a, b))).toEqual([3, 5, 1000, 5000]);
    expect(Array.from(intersect(b, a))).toEqual([3, 5, 1000, 5000]);
    expect(Array.from(union([a, b, new Uint32Array(0)]))).toEqual([
      1, 2, 3, 4, 5, 7, 9, 1000, 4999, 5000, 6000,
    ]);
  });
});
