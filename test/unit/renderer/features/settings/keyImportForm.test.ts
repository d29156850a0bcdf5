import { describe, expect, it } from 'vitest';
import { checkKeyImport, suggestedKeyVersion } from '../../../../../renderer/features/settings/keyImportForm';

describe('key import checks', () => {
  it('wants an integer version ≥ 1 and some key text', () => {
    expect(checkKeyImport('0', 'k')).toEqual({ problem: 'versionInvalid' });
    expect(checkKeyImport('1.5', 'k')).toEqual({ problem: 'versionInvalid' });
    expect(checkKeyImport('', 'k')).toEqual({ problem: 'versionInvalid' });
    expect(checkKeyImport('2', '  \n')).toEqual({ problem: 'empty' });
    expect(checkKeyImport(' 3 ', '-----BEGIN')).toEqual({ version: 3 });
  });

  it('suggests the lowest version the archive is waiting for, else the next one', () => {
    expect(suggestedKeyVersion([1], [3, 2])).toBe(2);
    expect(suggestedKeyVersion([1, 2], [])).toBe(3);
    expect(suggestedKeyVersion([], [])).toBe(1);
  });
});
