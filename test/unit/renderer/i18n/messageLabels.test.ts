import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { KNOWN_MSGTYPES } from '../../../../main/common/message';
import { createI18n } from '../../../../renderer/i18n/i18n';
import { collectFieldLabel, msgtypeLabel, recordItemLabel } from '../../../../renderer/i18n/messageLabels';
import { dayInRange, parseDayText } from '../../../../renderer/ui/dateText';

describe.each(['zh-CN', 'en'] as const)('the API words as labels (%s)', (language) => {
  const t = createI18n(language).t as TFunction;

  it('name every msgtype of the message registry, none with its raw name or a missing key', () => {
    const labels = KNOWN_MSGTYPES.map((msgtype) => msgtypeLabel(t, msgtype));
    for (const [i, msgtype] of KNOWN_MSGTYPES.entries()) {
      const label = labels[i] ?? '';
      expect(label, msgtype).not.toMatch(/reading\.type/);
      if (language === 'zh-CN' && msgtype !== 'markdown') expect(label, msgtype).not.toContain(msgtype);
    }
    // One name per type: two types never read the same.
    expect(new Set(labels).size).toBe(KNOWN_MSGTYPES.length);
  });

  it('say an unknown msgtype is unknown and name its raw value as such', () => {
    expect(msgtypeLabel(t, 'hologram')).toMatch(
      language === 'zh-CN' ? /未知类型（原始值 hologram）/ : /raw value hologram/,
    );
    expect(msgtypeLabel(t, '')).toBe(t('reading.type.unknown'));
  });

  it('name chat-record items by the msgtype they carry', () => {
    expect(recordItemLabel(t, 'ChatRecordText')).toBe(msgtypeLabel(t, 'text'));
    expect(recordItemLabel(t, 'ChatRecordMixed')).toBe(msgtypeLabel(t, 'mixed'));
    expect(recordItemLabel(t, 'ChatRecordSomethingNew')).not.toBe(t('reading.type.unknown'));
    expect(recordItemLabel(t, 'ChatRecordSomethingNew')).toContain('ChatRecordSomethingNew');
  });

  it('name collect fields', () => {
    const fields = ['Text', 'Number', 'Date', 'Time'].map((type) => collectFieldLabel(t, type));
    expect(new Set(fields).size).toBe(4);
    for (const [i, raw] of ['Text', 'Number', 'Date', 'Time'].entries()) {
      if (language === 'zh-CN') expect(fields[i]).not.toContain(raw);
    }
    expect(collectFieldLabel(t, 'Weird')).toBe(t('reading.names.collectField.other'));
  });
});

describe('the date field reads a typed day', () => {
  it.each([
    ['2026-12-04', '2026-12-04'],
    ['2026/12/4', '2026-12-04'],
    ['2026.1.9', '2026-01-09'],
    ['2026年12月4日', '2026-12-04'],
    [' ２０２６－１２－０４ ', '2026-12-04'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (text, day) => {
    expect(parseDayText(text)).toBe(day);
  });

  it.each([
    '',
    '12/04/2026',
    '2026-13-01',
    '2026-02-30',
    '2025-02-29',
    '2026-12',
    'yesterday',
    '2026-12-04 10:00',
  ])('refuses %j', (text) => {
    expect(parseDayText(text)).toBeNull();
  });

  it('checks a range given as ISO days', () => {
    expect(dayInRange('2026-12-04', '2026-01-01', '2026-12-31')).toBe(true);
    expect(dayInRange('2027-01-01', '2026-01-01', '2026-12-31')).toBe(false);
    expect(dayInRange('2020-01-01', undefined, '2026-12-31')).toBe(true);
  });
});
