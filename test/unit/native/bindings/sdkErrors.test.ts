import { describe, expect, it } from 'vitest';
import { describeSdkReturnCode, SdkCallError, SdkLoadError } from '../../../../native/bindings/sdkErrors';

describe('SdkLoadError', () => {
  it('says what is wrong in Chinese and English, with the path and the detail', () => {
    const error = new SdkLoadError(
      'dlopen-failed',
      '/opt/wecom/libWeWorkFinanceSdk_C.so',
      'undefined symbol: foo',
    );
    expect(error.message).toContain('dlopen');
    expect(error.message).toContain('无法加载');
    expect(error.message).toContain('/opt/wecom/libWeWorkFinanceSdk_C.so');
    expect(error.message).toContain('undefined symbol: foo');
    expect(error.kind).toBe('dlopen-failed');
  });

  it('keeps the missing symbols', () => {
    const error = new SdkLoadError(
      'missing-exports',
      '/x.so',
      'missing 2 of 17: GetData, IsMediaDataFinish',
      ['GetData', 'IsMediaDataFinish'],
    );
    expect(error.missingSymbols).toEqual(['GetData', 'IsMediaDataFinish']);
    expect(error.message).toContain('GetData, IsMediaDataFinish');
  });
});

describe('SDK return codes', () => {
  it('describes documented and unknown codes', () => {
    expect(describeSdkReturnCode(10009)).toBe('10009 ip非法 / IP address not in the trusted list');
    expect(describeSdkReturnCode(12345)).toContain('undocumented');
    const error = new SdkCallError('GetChatData', 10001);
    expect(error.sdkCode).toBe(10001);
    expect(error.message).toBe('GetChatData → 10001 网络错误，网络请求错误 / network error or timeout');
  });
});
