import type { TFunction } from 'i18next';
import { KNOWN_MSGTYPES, RECORD_ITEM_MSGTYPE } from '../../main/common/message';

/**
 * The reader's names for the WeCom API's own words (docs/wecom-sdk.md §4): a msgtype, a chat-record
 * item's `type` (ChatRecordText…), a collect form field's `type` (Text, Number…). The raw
 * words stay in the raw JSON view and the detail panel's raw rows; every other label goes through here.
 */

const KNOWN = new Set(KNOWN_MSGTYPES);

/** A msgtype's name ("文本", "Text"); an unknown one says so and names the raw value as a raw value. */
export function msgtypeLabel(t: TFunction, msgtype: string | undefined | null): string {
  if (!msgtype) return t('reading.type.unknown');
  if (KNOWN.has(msgtype)) return t(`reading.type.${msgtype}`);
  return t('reading.names.unknownMsgtype', { msgtype });
}

/** A chat-record item's type as a reader's word: ChatRecordText → "文本". */
export function recordItemLabel(t: TFunction, type: string | undefined | null): string {
  if (!type) return t('reading.type.unknown');
  const msgtype = RECORD_ITEM_MSGTYPE[type] ?? (KNOWN.has(type) ? type : undefined);
  return msgtype ? msgtypeLabel(t, msgtype) : t('reading.names.unknownMsgtype', { msgtype: type });
}

const COLLECT_FIELD_TYPES = ['Text', 'Number', 'Date', 'Time'] as const;

/** A collect (填表) field's answer type: Text → "文本", Number → "数字" (docs/wecom-sdk.md §4.x collect). */
export function collectFieldLabel(t: TFunction, type: string | undefined | null): string {
  const known = COLLECT_FIELD_TYPES.find((candidate) => candidate === type);
  return known ? t(`reading.names.collectField.${known}`) : t('reading.names.collectField.other');
}
