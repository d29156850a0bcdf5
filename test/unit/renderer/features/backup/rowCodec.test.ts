import { describe, expect, it } from 'vitest';
import { RowCodecError, decodeRow, encodeRow } from '../../../../../renderer/features/backup/rowCodec';

describe('backup row codec (docs/backup.md §3)', () => {
  it('round-trips every value kind the archive stores, sealed blobs byte for byte', () => {
    const sealed = new Uint8Array(70_000);
    for (let i = 0; i < sealed.length; i += 1) sealed[i] = (i * 31) % 256;
    const row = {
      corpId: 'c1',
      msgid: '消息-1',
      seqKey: '00000000000000000042',
      msgtime: 1_700_000_000_123,
      sealed,
      nested: { list: [1, 'two', null, { deep: true }], when: new Date(5), missing: undefined },
      odd: [Number.NaN, Number.POSITIVE_INFINITY, -0, 10n],
      buffer: new Uint8Array([9, 8, 7]).buffer,
      floats: new Float64Array([1.5, -2]),
      map: new Map<unknown, unknown>([['k', new Set([1, 2])]]),
      $t: 'a field named like the tag',
    };
    const line = encodeRow(row);
    expect(line).not.toContain('\n');
    const back = decodeRow(line) as typeof row;
    expect(back).toEqual(row);
    expect(back.sealed).toBeInstanceOf(Uint8Array);
    expect(Object.is(back.odd[2], -0)).toBe(true);
    expect('missing' in back.nested).toBe(true);
    expect(back.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('refuses values a backup cannot carry, naming where they are', () => {
    expect(() => encodeRow({ a: { b: new Blob(['x']) } }, 'media[3]')).toThrow(RowCodecError);
    expect(() => encodeRow({ a: { b: new Blob(['x']) } }, 'media[3]')).toThrow(/media\[3\]\.a\.b/);
    expect(() => encodeRow({ f: () => 1 })).toThrow(/function/);
  });

  it('refuses an unknown tag instead of guessing', () => {
    expect(() => decodeRow('{"$t":"mystery","v":1}')).toThrow(/unknown tag/);
  });
});
