import { BODY_KINDS } from '../../../main/common/message';

/**
 * The words main writes into a bundle (index.html, report.pdf), in the reviewer's language: the
 * message type names the reader uses (`reading.type.*`) and the bundle's own (`evidence.bundle.*`).
 * `lookup` returns the raw resource string (placeholders such as `{{zone}}` are filled in by main).
 */
export function evidenceLabels(lookup: (key: string) => string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const kind of [...BODY_KINDS, 'external_redpacket', 'unknown']) {
    labels[`type.${kind}`] = lookup(`reading.type.${kind}`);
  }
  for (const key of BUNDLE_KEYS) labels[`bundle.${key}`] = lookup(`evidence.bundle.${key}`);
  return labels;
}

const FIELD_KEYS = [
  'fileName',
  'size',
  'duration',
  'md5',
  'sha256',
  'id',
  'start',
  'end',
  'user',
  'screenShare',
  'corpName',
  'title',
  'address',
  'coordinates',
  'description',
  'url',
  'app',
  'creator',
  'chat',
  'created',
  'content',
  'attendees',
  'place',
  'remarks',
  'wish',
  'count',
  'amount',
  'msgtype',
  'reason',
] as const;

const BUNDLE_KEYS: readonly string[] = [
  'title',
  'exportId',
  'scope',
  'reviewer',
  'createdAt',
  'timeZone',
  'app',
  'contextMessages',
  'timeZoneNote',
  'marksLayer',
  'marksLayerNote',
  'unknownTime',
  'context',
  'notDecrypted',
  'mediaMissing',
  'originalFile',
  'quoteOriginal',
  'quoteNotInBundle',
  'quoteOf',
  'revokedMessage',
  'revokedNotInBundle',
  'count.messages',
  'count.context',
  'count.media',
  'count.mediaMissing',
  'checkNote',
  'bundleHash',
  'marks.flag',
  'marks.tags',
  'marks.note',
  'marks.cases',
  ...FIELD_KEYS.map((key) => `field.${key}`),
];
