/**
 * The Finance SDK's C exports the app calls (docs/wecom-sdk.md §1): the SDK host binds exactly these,
 * and main checks a library file exports every one before it is saved. One list for both.
 */
export const FINANCE_SDK_SYMBOLS = [
  'NewSdk',
  'Init',
  'GetChatData',
  'DecryptData',
  'GetMediaData',
  'DestroySdk',
  'NewSlice',
  'FreeSlice',
  'GetContentFromSlice',
  'GetSliceLen',
  'NewMediaData',
  'FreeMediaData',
  'GetOutIndexBuf',
  'GetData',
  'GetIndexLen',
  'GetDataLen',
  'IsMediaDataFinish',
] as const;

export type FinanceSdkSymbol = (typeof FINANCE_SDK_SYMBOLS)[number];
