/**
 * WeCom errcodes the emulator answers with (docs/wecom-sdk.md §2.2, §6) and errmsg texts in WeCom's own style
 * ("…, hint: […], from ip: …, more info at https://open.work.weixin.qq.com/devtool/query?e=CODE").
 */
export const ErrCode = {
  ok: 0,
  invalidCredential: 40001,
  invalidUserid: 40003,
  invalidCorpid: 40013,
  invalidAccessToken: 40014,
  invalidChatId: 40050,
  invalidParameter: 40058,
  accessTokenMissing: 41001,
  corpidMissing: 41002,
  secretMissing: 41004,
  accessTokenExpired: 42001,
  frequencyLimit: 45009,
  dataFormatError: 47001,
  noPrivilege: 60011,
  ipNotAllowed: 60020,
  msgauditExpired: 301052,
  msgauditNotOpen: 301053,
  notInternalGroup: 301059,
  tooManyAgreeParams: 301060,
  agreeUserNotFound: 301061,
} as const;

export type ErrCodeValue = (typeof ErrCode)[keyof typeof ErrCode];

const MESSAGES: Record<ErrCodeValue, string> = {
  0: 'ok',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40050: 'chatid not exist',
  40058: 'invalid Request Parameter',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  47001: 'data format error',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  301052: 'msgaudit service expired',
  301053: 'corp is not open msgaudit',
  301059: 'not internal group, no data',
  301060: 'too many agree check params, reduce to 100',
  301061: 'userid or exteropenid not exist',
};

export function errorBody(
  code: ErrCodeValue,
  clientIp: string,
  hint: string,
): { errcode: number; errmsg: string } {
  if (code === 0) return { errcode: 0, errmsg: 'ok' };
  return {
    errcode: code,
    errmsg: `${MESSAGES[code]}, hint: [${hint}], from ip: ${clientIp}, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`,
  };
}
