import type { TFunction } from 'i18next';
import type { ArchiveError } from '../../main/contract';

/** Key-parse sub-reasons main reports in `error.detail` (main/services/keys/privateKey.ts). */
export const KEY_PARSE_DETAILS = [
  'empty',
  'encrypted-key',
  'public-key',
  'certificate',
  'not-base64',
  'unparseable',
  'not-rsa',
  'not-2048',
  'not-pem',
] as const;
const KEY_DETAILS: ReadonlySet<string> = new Set(KEY_PARSE_DETAILS);

const FIELD_ERRORS = new Set([
  'corpid',
  'name',
  'secret',
  'libraryPath',
  'proxyUrl',
  'proxyCredentials',
  'apiBaseUrl',
  'timeoutSec',
  'batchLimit',
  'scheduleMinutes',
  'id',
]);

/** The translated explanation and action for a pull error kind (`sdk-10009`, `errcode-40001`…). */
export function describePullError(t: TFunction, kind: string): { explanation: string; action: string } {
  const explanation = t(`pullError.${kind}.explanation`, { defaultValue: '' });
  if (explanation) return { explanation, action: t(`pullError.${kind}.action`) };
  return { explanation: t('pullError.generic.explanation', { kind }), action: t('pullError.generic.action') };
}

/** Which corp-settings rule failed (main/services/config/corpStore.ts, libraryCheck.ts), in `error.detail`. */
export const CORP_FIELD_DETAILS = [
  'corpid-format',
  'corpid-duplicate',
  'library-missing',
  'library-not-file',
  'library-not-elf',
  'library-wrong-arch',
  'library-exports',
] as const;
const CORP_DETAILS: ReadonlySet<string> = new Set(CORP_FIELD_DETAILS);

/** What a settings field's server-side error says, translated: the rule that failed when main names it. */
export function describeFieldError(t: TFunction, field: string | undefined, detail?: string): string {
  if (detail && CORP_DETAILS.has(detail)) return t(`settings.fieldError.detail.${detail}`);
  return t(`settings.fieldError.${field && FIELD_ERRORS.has(field) ? field : 'generic'}`);
}

/** What a private key import error says: one specific sentence per `detail`, and for a mismatch. */
export function describeKeyError(t: TFunction, error: ArchiveError): string {
  if (error.code === 'key-invalid') {
    return t(
      `settings.keyImport.detail.${error.detail && KEY_DETAILS.has(error.detail) ? error.detail : 'generic'}`,
    );
  }
  return describeArchiveError(t, error);
}

/** A one-line, translated description of any error envelope from main. */
export function describeArchiveError(t: TFunction, error: ArchiveError): string {
  if (error.code === 'internal' && error.message === 'connection lost') return t('apiError.connectionLost');
  switch (error.code) {
    case 'sdk-error':
      return error.sdkCode === undefined
        ? t('apiError.sdk-error', { code: '?' })
        : `${t('apiError.sdk-error', { code: error.sdkCode })} ${describePullError(t, `sdk-${error.sdkCode}`).explanation}`;
    case 'api-error':
      return error.errcode === undefined
        ? t('apiError.api-error', { code: '?' })
        : `${t('apiError.api-error', { code: error.errcode })} ${describePullError(t, `errcode-${error.errcode}`).explanation}`;
    case 'key-invalid':
      return describeKeyError(t, error);
    case 'corp-invalid':
      return error.field ? describeFieldError(t, error.field, error.detail) : t('apiError.corp-invalid');
    default:
      return t(`apiError.${error.code}`, { message: error.message });
  }
}
