import type { CorpDto, CorpInputDto } from '../../../main/contract';

/**
 * The corp settings form as plain strings (what inputs hold), and its conversion to the contract's
 * CorpInputDto. Secrets are write-only: a blank secret field keeps the stored value (omitted from
 * the input), "delete the stored value" sends '' (main's rule for removing it).
 */
export interface CorpFormValues {
  corpid: string;
  name: string;
  secret: string;
  contactSecret: string;
  clearContactSecret: boolean;
  libraryPath: string;
  proxyUrl: string;
  proxyCredentials: string;
  clearProxyCredentials: boolean;
  timeoutSec: string;
  batchLimit: string;
  apiBaseUrl: string;
  scheduled: boolean;
  scheduleMinutes: string;
}

export const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';

/** Hourly by default: WeCom keeps 3–5 days and docs/wecom-sdk.md §7 advises pulling at least hourly. */
const DEFAULTS = { timeoutSec: 30, batchLimit: 500, scheduleMinutes: 60 };

export function formValuesOf(corp: CorpDto | null): CorpFormValues {
  return {
    corpid: corp?.corpid ?? '',
    name: corp?.name ?? '',
    secret: '',
    contactSecret: '',
    clearContactSecret: false,
    libraryPath: corp?.libraryPath ?? '',
    proxyUrl: corp?.proxyUrl ?? '',
    proxyCredentials: '',
    clearProxyCredentials: false,
    timeoutSec: String(corp?.timeoutSec ?? DEFAULTS.timeoutSec),
    batchLimit: String(corp?.batchLimit ?? DEFAULTS.batchLimit),
    apiBaseUrl: corp?.apiBaseUrl ?? DEFAULT_API_BASE_URL,
    scheduled: corp ? corp.scheduleMinutes !== null : true,
    scheduleMinutes: String(corp?.scheduleMinutes ?? DEFAULTS.scheduleMinutes),
  };
}

/** An error as an i18n key with its parameters, so the form can show it in the current language. */
export interface FieldProblem {
  key: string;
  params?: Record<string, number>;
}

export type CorpFormField = keyof CorpFormValues;
export type CorpFormProblems = Partial<Record<CorpFormField, FieldProblem>>;

const INTEGER = /^\d+$/;
const ranges = {
  timeoutSec: [1, 600],
  batchLimit: [1, 1000],
  scheduleMinutes: [5, 24 * 60],
} as const;

/** The checks the contract's zod schema would make, run before sending so mistakes show at once. */
export function validateCorpForm(values: CorpFormValues, existing: CorpDto | null): CorpFormProblems {
  const problems: CorpFormProblems = {};
  const required: FieldProblem = { key: 'settings.form.required' };
  if (!values.corpid.trim()) problems.corpid = required;
  if (!values.name.trim()) problems.name = required;
  if (!existing?.hasSecret && !values.secret) problems.secret = required;
  if (!existing?.isDemo && !values.libraryPath.trim()) problems.libraryPath = required;
  for (const field of ['timeoutSec', 'batchLimit', 'scheduleMinutes'] as const) {
    if (field === 'scheduleMinutes' && !values.scheduled) continue;
    const [min, max] = ranges[field];
    const text = values[field].trim();
    const value = Number(text);
    if (!INTEGER.test(text) || value < min || value > max) {
      problems[field] = { key: 'settings.form.integerRange', params: { min, max } };
    }
  }
  return problems;
}

function secretChange(typed: string, clear: boolean): { value: string } | null {
  if (clear) return { value: '' };
  return typed ? { value: typed } : null;
}

export function toCorpInput(values: CorpFormValues, existing: CorpDto | null): CorpInputDto {
  const contactSecret = secretChange(values.contactSecret, values.clearContactSecret);
  const proxyCredentials = secretChange(values.proxyCredentials, values.clearProxyCredentials);
  const libraryPath = values.libraryPath.trim();
  const proxyUrl = values.proxyUrl.trim();
  return {
    ...(existing ? { id: existing.id } : {}),
    corpid: values.corpid.trim(),
    name: values.name.trim(),
    ...(values.secret ? { secret: values.secret } : {}),
    ...(contactSecret ? { contactSecret: contactSecret.value } : {}),
    libraryPath: libraryPath === '' ? null : libraryPath,
    proxyUrl: proxyUrl === '' ? null : proxyUrl,
    ...(proxyCredentials ? { proxyCredentials: proxyCredentials.value } : {}),
    timeoutSec: Number(values.timeoutSec),
    batchLimit: Number(values.batchLimit),
    apiBaseUrl: values.apiBaseUrl.trim() || DEFAULT_API_BASE_URL,
    scheduleMinutes: values.scheduled ? Number(values.scheduleMinutes) : null,
  };
}
