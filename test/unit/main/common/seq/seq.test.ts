import { describe, expect, it } from 'vitest';
import { parseU64Decimal } from '../../../../../main/common/seq/seq';

describe('parseU64Decimal', () => {
  it('keeps u64 values exact, including beyond 2^53', () => {
    expect(parseU64Decimal('0')).toBe(0n);
    expect(parseU64Decimal('9007199254740993')).toBe(9007199254740993n);
    expect(parseU64Decimal('18446744073709551615')).toBe(18446744073709551615n);
  });

  it('refuses anything that is not a canonical u64 decimal', () => {
    for (const text of [
      '',
      '-1',
      '01',
      '1.0',
      '1e3',
      ' 1',
      '18446744073709551616',
      '0x10',
      '123456789012345678901',
    ]) {
      expect(parseU64Decimal(text), text).toBeNull();
    }
  });
});
