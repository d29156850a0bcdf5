import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, shouldGiveUp } from '../../../../../main/services/pull/backoff';
import { classifyErrcode, classifySdkCode } from '../../../../../main/services/pull/errorClassification';

describe('pull error classification (docs/wecom-sdk.md §2)', () => {
  it.each([10001, 10002, 10003])('retries transient SDK code %i', (code) => {
    expect(classifySdkCode(code).action).toBe('retry');
  });
  it.each([10000, 10004, 10005, 10006, 10007, 10008, 10009, 10010, 10011])('stops on SDK code %i', (code) => {
    const c = classifySdkCode(code);
    expect(c.action).toBe('stop');
    expect(c.kind).toBe(`sdk-${code}`);
    expect(c.remedy.length).toBeGreaterThan(10);
  });
  it.each([-1, 45009, 45033])('retries errcode %i', (code) =>
    expect(classifyErrcode(code).action).toBe('retry'),
  );
  it('shrinks the limit on 301058', () => expect(classifyErrcode(301058).action).toBe('shrink-limit'));
  it.each([40001, 40013, 41001, 301042, 301052, 301053])('stops on errcode %i', (code) => {
    expect(classifyErrcode(code).action).toBe('stop');
  });
  it('stops on unknown codes with a generic explanation instead of retrying forever', () => {
    expect(classifySdkCode(12345)).toMatchObject({ kind: 'sdk-12345', action: 'stop' });
    expect(classifyErrcode(99999)).toMatchObject({ kind: 'errcode-99999', action: 'stop' });
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter inside [cap/2, cap]', () => {
    const policy = { baseMs: 100, maxMs: 10_000, maxAttempts: 5 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(4, policy, () => 0)).toBe(400);
    expect(backoffDelay(4, policy, () => 1)).toBe(800);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, policy);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
  it('is capped at maxMs however many attempts', () => {
    expect(backoffDelay(50, DEFAULT_BACKOFF, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelay(1000, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.maxMs / 2);
  });
  it('gives up after maxAttempts', () => {
    expect(shouldGiveUp(DEFAULT_BACKOFF.maxAttempts)).toBe(false);
    expect(shouldGiveUp(DEFAULT_BACKOFF.maxAttempts + 1)).toBe(true);
  });
});
