import { describe, expect, it } from 'vitest';
import { WecomApiError } from '../../../../../main/services/directory/wecomApiClient';
import { testConnection, type ConnectionTestDeps } from '../../../../../main/services/pull/connectionTest';
import { SdkCodeError, SdkUnavailable, type PullSdk } from '../../../../../main/services/pull/pullSdk';

const token = { baseUrl: 'http://127.0.0.1:1', corpid: 'wwtest000000000001', secret: 's3cret-value' };

function sdkAnswering(answer: () => Promise<string>): PullSdk {
  return {
    getChatData: answer,
    pullPage: () => Promise.reject(new Error('not used')),
    decryptEnvelopes: () => Promise.reject(new Error('not used')),
  };
}

function deps(overrides: Partial<ConnectionTestDeps>): ConnectionTestDeps {
  return {
    corpId: 'c1',
    sdk: async () => sdkAnswering(async () => '{"errcode":0,"errmsg":"ok","chatdata":[]}'),
    chat: { proxy: '', passwd: '', timeoutSec: 5 },
    token,
    fetchToken: async () => ({ accessToken: 't', expiresIn: 7200 }),
    now: () => 1000,
    ...overrides,
  };
}

describe('testConnection', () => {
  it('reports every step ok when Init, GetChatData(limit 1) and gettoken succeed', async () => {
    const calls: unknown[] = [];
    const report = await testConnection(
      deps({
        sdk: async () =>
          sdkAnswering(async (...args: unknown[]) => {
            calls.push(args[0]);
            return '{"errcode":0,"errmsg":"ok","chatdata":[]}';
          }),
      }),
    );
    expect(report.steps.map((step) => [step.step, step.outcome])).toEqual([
      ['init', 'ok'],
      ['chat-data', 'ok'],
      ['access-token', 'ok'],
    ]);
    expect(calls).toEqual([{ seq: '0', limit: 1, proxy: '', passwd: '', timeoutSec: 5 }]);
  });

  it('classifies each failure on its own: SDK code, JSON errcode, gettoken errcode', async () => {
    const ipRefused = await testConnection(
      deps({
        sdk: async () =>
          sdkAnswering(() => Promise.reject(new SdkCodeError(10009, 'GetChatData returned 10009'))),
        fetchToken: () => Promise.reject(new WecomApiError(40001, 'gettoken: invalid credential')),
      }),
    );
    expect(ipRefused.steps.map((step) => step.kind)).toEqual([null, 'sdk-10009', 'token-errcode-40001']);

    const badCorp = await testConnection(
      deps({ sdk: async () => sdkAnswering(async () => '{"errcode":40013,"errmsg":"invalid corpid"}') }),
    );
    expect(badCorp.steps[1]).toMatchObject({
      outcome: 'failed',
      kind: 'errcode-40013',
      message: 'invalid corpid',
    });

    const offline = await testConnection(
      deps({ fetchToken: () => Promise.reject(new Error('ECONNREFUSED')) }),
    );
    expect(offline.steps[2]).toMatchObject({ outcome: 'failed', kind: 'token-network' });
  });

  it('skips GetChatData when the library does not load, and still tries the token', async () => {
    const report = await testConnection(
      deps({ sdk: () => Promise.reject(new SdkUnavailable('not an ELF x86-64 shared object')) }),
    );
    expect(report.steps.map((step) => [step.step, step.outcome, step.kind])).toEqual([
      ['init', 'failed', 'library-unavailable'],
      ['chat-data', 'skipped', null],
      ['access-token', 'ok', null],
    ]);
    expect(JSON.stringify(report)).not.toContain(token.secret);
  });
});
