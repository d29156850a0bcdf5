import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  describeArchiveError,
  describeKeyError,
  KEY_PARSE_DETAILS,
  describePullError,
} from '../../../../renderer/i18n/describeErrors';
import { en } from '../../../../renderer/i18n/en';
import { createI18n } from '../../../../renderer/i18n/i18n';
import { zhCN } from '../../../../renderer/i18n/zh-CN';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

/** Every kind main's pull error classification can report (main/services/pull/errorClassification.ts). */
const PULL_ERROR_KINDS = [
  ...Array.from({ length: 12 }, (_, i) => `sdk-${10000 + i}`),
  'errcode--1',
  'errcode-40001',
  'errcode-40013',
  'errcode-41001',
  'errcode-45009',
  'errcode-45033',
  'errcode-301042',
  'errcode-301052',
  'errcode-301053',
  'errcode-301058',
  'host-crashed',
  'library-unavailable',
];

describe('i18n resources', () => {
  it('have the same keys in zh-CN and en, none empty', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
    for (const key of keysOf(en)) {
      const read = (resource: unknown) =>
        key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resource);
      expect(read(en), `en ${key}`).not.toBe('');
      expect(read(zhCN), `zh-CN ${key}`).not.toBe('');
    }
  });

  it.each(['zh-CN', 'en'] as const)('explain every pull error kind with an action (%s)', (language) => {
    const t = createI18n(language).t as TFunction;
    for (const kind of PULL_ERROR_KINDS) {
      const { explanation, action } = describePullError(t, kind);
      expect(explanation, kind).not.toMatch(/pullError\./);
      expect(action, kind).not.toMatch(/pullError\./);
      expect(explanation).not.toBe(describePullError(t, 'never-seen-kind').explanation);
    }
  });

  it('fall back to a generic explanation that names the unknown kind', () => {
    const t = createI18n('en').t as TFunction;
    expect(describePullError(t, 'sdk-99999').explanation).toBe('The pull failed (sdk-99999).');
  });

  it.each(['zh-CN', 'en'] as const)('say something specific for every key problem (%s)', (language) => {
    const t = createI18n(language).t as TFunction;
    const texts = KEY_PARSE_DETAILS.map((detail) =>
      describeKeyError(t, { code: 'key-invalid', detail, message: 'x' }),
    );
    expect(new Set(texts).size).toBe(KEY_PARSE_DETAILS.length);
    expect(describeKeyError(t, { code: 'key-mismatch', message: 'x' })).toMatch(/publickey_ver/);
  });

  it('describe connection loss, SDK codes and field errors', () => {
    const t = createI18n('en').t as TFunction;
    expect(describeArchiveError(t, { code: 'internal', message: 'connection lost' })).toMatch(/connection/);
    expect(describeArchiveError(t, { code: 'sdk-error', sdkCode: 10009, message: 'x' })).toMatch(
      /trusted IP/,
    );
    expect(describeArchiveError(t, { code: 'corp-invalid', field: 'proxyUrl', message: 'x' })).toMatch(
      /socks5/,
    );
  });
});
