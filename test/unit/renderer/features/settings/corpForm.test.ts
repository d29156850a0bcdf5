import { describe, expect, it } from 'vitest';
import * as corpForm from '../../../../../renderer/features/settings/corpForm';
import { corp } from '../../fakeArchive';

describe('corp form', () => {
  it('starts a new corp with an hourly schedule and the WeCom API', () => {
    const values = corpForm.formValuesOf(null);
    expect(values).toMatchObject({
      scheduled: true,
      scheduleMinutes: '60',
      apiBaseUrl: 'https://qyapi.weixin.qq.com',
    });
  });

  it('requires corpid, name, secret and library path for a new corp', () => {
    const problems = corpForm.validateCorpForm(corpForm.formValuesOf(null), null);
    expect(Object.keys(problems).sort()).toEqual(['corpid', 'libraryPath', 'name', 'secret']);
  });

  it('does not require a secret that is already stored, nor a library for the demo', () => {
    const demo = corp('d', { isDemo: true, libraryPath: null, hasSecret: true });
    expect(corpForm.validateCorpForm(corpForm.formValuesOf(demo), demo)).toEqual({});
  });

  it('checks number ranges like the contract', () => {
    const values = {
      ...corpForm.formValuesOf(corp('c')),
      timeoutSec: '0',
      batchLimit: '1001',
      scheduleMinutes: '4',
    };
    expect(corpForm.validateCorpForm(values, corp('c'))).toEqual({
      timeoutSec: { key: 'settings.form.integerRange', params: { min: 1, max: 600 } },
      batchLimit: { key: 'settings.form.integerRange', params: { min: 1, max: 1000 } },
      scheduleMinutes: { key: 'settings.form.integerRange', params: { min: 5, max: 1440 } },
    });
    expect(
      corpForm.validateCorpForm(
        { ...values, timeoutSec: '5', batchLimit: '10', scheduled: false },
        corp('c'),
      ),
    ).toEqual({});
  });

  it('omits blank secrets (keep), sends typed ones, and sends "" to delete a stored optional secret', () => {
    const existing = corp('c', { hasContactSecret: true, hasProxyCredentials: true });
    const kept = corpForm.toCorpInput(corpForm.formValuesOf(existing), existing);
    expect(kept).not.toHaveProperty('secret');
    expect(kept).not.toHaveProperty('contactSecret');
    expect(kept).not.toHaveProperty('proxyCredentials');
    expect(kept.id).toBe('c');

    const changed = corpForm.toCorpInput(
      {
        ...corpForm.formValuesOf(existing),
        secret: 's3cret',
        clearContactSecret: true,
        proxyCredentials: 'u:p',
      },
      existing,
    );
    expect(changed).toMatchObject({ secret: 's3cret', contactSecret: '', proxyCredentials: 'u:p' });
  });

  it('turns blank optional fields into null and the manual schedule into null', () => {
    const input = corpForm.toCorpInput(
      { ...corpForm.formValuesOf(null), proxyUrl: '  ', libraryPath: '', scheduled: false },
      null,
    );
    expect(input).toMatchObject({ proxyUrl: null, libraryPath: null, scheduleMinutes: null });
    expect(input).not.toHaveProperty('id');
  });
});
