import { describe, expect, it } from 'vitest';
import {
  formValuesOf,
  toCorpInput,
  validateCorpForm,
} from '../../../../../renderer/features/settings/corpForm';
import { checkKeyImport, suggestedKeyVersion } from '../../../../../renderer/features/settings/keyImportForm';
import { corp } from '../../fakeArchive';

describe('corp form', () => {
  it('starts a new corp with an hourly schedule and the WeCom API', () => {
    const values = formValuesOf(null);
    expect(values).toMatchObject({
      scheduled: true,
      scheduleMinutes: '60',
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
    });
  });

  it('requires corpid, name, secret and library path for a new corp', () => {
    const problems = validateCorpForm(formValuesOf(null), null);
    expect(Object.keys(problems).sort()).toEqual(['corpid', 'libraryPath', 'name', 'secret']);
  });

  it('does not require a secret that is already stored, nor a library for the demo', () => {
    const demo = corp('d', { isDemo: true, libraryPath: null, hasSecret: true });
    expect(validateCorpForm(formValuesOf(demo), demo)).toEqual({});
  });

  it('checks number ranges like the contract', () => {
    const values = { ...formValuesOf(corp('c')), timeoutSec: '0', batchLimit: '1001', scheduleMinutes: '4' };
    expect(validateCorpForm(values, corp('c'))).toEqual({
      timeoutSec: { key: 'settings.form.integerRange', params: { min: 1, max: 600 } },
      batchLimit: { key: 'settings.form.integerRange', params: { min: 1, max: 1000 } },
      scheduleMinutes: { key: 'settings.form.integerRange', params: { min: 5, max: 1440 } },
    });
    expect(
      validateCorpForm({ ...values, timeoutSec: '5', batchLimit: '10', scheduled: false }, corp('c')),
    ).toEqual({});
  });

  it('omits blank secrets (keep), sends typed ones, and sends "" to delete a stored optional secret', () => {
    const existing = corp('c', { hasContactSecret: true, hasProxyCredentials: true });
    const kept = toCorpInput(formValuesOf(existing), existing);
    expect(kept).not.toHaveProperty('secret');
    expect(kept).not.toHaveProperty('contactSecret');
    expect(kept).not.toHaveProperty('proxyCredentials');
    expect(kept.id).toBe('c');

    const changed = toCorpInput(
      { ...formValuesOf(existing), secret: 's3cret', clearContactSecret: true, proxyCredentials: 'u:p' },
      existing,
    );
    expect(changed).toMatchObject({ secret: 's3cret', contactSecret: '', proxyCredentials: 'u:p' });
  });

  it('turns blank optional fields into null and the manual schedule into null', () => {
    const input = toCorpInput(
      { ...formValuesOf(null), proxyUrl: '  ', libraryPath: '', scheduled: false },
      null,
    );
    expect(input).toMatchObject({ proxyUrl: null, libraryPath: null, scheduleMinutes: null });
    expect(input).not.toHaveProperty('id');
  });
});

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
