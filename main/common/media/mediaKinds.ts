/**
 * The media kinds (docs/wecom-sdk.md §4.3): the msgtypes that carry an `sdkfileid`, plus the same
 * kinds nested in mixed / chatrecord items, and the field each one states its byte size in.
 */
export const MEDIA_KINDS = [
  'image',
  'voice',
  'video',
  'emotion',
  'file',
  'meeting_voice_call',
  'voip_doc_share',
] as const;

export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Where each media kind states its size (meeting_voice_call states none in practice). */
export const MEDIA_SIZE_FIELD: Readonly<Record<MediaKind, string>> = {
  image: 'filesize',
  voice: 'voice_size',
  video: 'filesize',
  emotion: 'imagesize',
  file: 'filesize',
  meeting_voice_call: 'filesize',
  voip_doc_share: 'filesize',
};

export function isMediaKind(value: string): value is MediaKind {
  return Object.hasOwn(MEDIA_SIZE_FIELD, value);
}
