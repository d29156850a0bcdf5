import { MEDIA_SIZE_FIELD, type MediaKind } from '../../media/mediaKinds';
import { arr, asObject, count, num, str, strictStr, toMillis, type JsonObject } from '../fields';
import type { BodyOf, MediaRef } from '../model';
import { malformed, present, projection, type KindProjection, type TypeModule } from '../module';

/**
 * The media-bearing msgtypes (docs/wecom-sdk.md §4.2 and §4.3): image, voice, video, file, emotion,
 * and the two roomid-less ones, meeting_voice_call (audio archive, top-level `voiceid`) and
 * voip_doc_share (top-level `voipid`).
 */

/** The media reference of a payload, or null without an sdkfileid. */
export function mediaRefOf(kind: MediaKind, p: JsonObject, path: string): MediaRef | null {
  const sdkfileid = strictStr(p, 'sdkfileid');
  if (sdkfileid === null || sdkfileid === '') return null;
  const ref: MediaRef = {
    kind,
    sdkfileid,
    md5sum: strictStr(p, 'md5sum') ?? '',
    size: count(p, MEDIA_SIZE_FIELD[kind]) ?? count(p, 'filesize'),
    path,
  };
  const fileName = strictStr(p, 'filename');
  if (fileName !== null) ref.fileName = fileName;
  const fileExt = strictStr(p, 'fileext');
  if (fileExt !== null) ref.fileExt = fileExt;
  const playLength = count(p, 'play_length');
  if (playLength !== null) ref.playLength = playLength;
  const width = count(p, 'width');
  if (width !== null) ref.width = width;
  const height = count(p, 'height');
  if (height !== null) ref.height = height;
  return ref;
}

const plainMedia =
  (kind: 'image' | 'voice' | 'video' | 'file') =>
  (msgtype: string, p: JsonObject, context: { path: string }) => {
    const media = mediaRefOf(kind, p, context.path);
    return media ? { kind, media } : malformed(msgtype, p);
  };

const fileNameField = (media: MediaRef | null): string[] => present(media?.fileName);

/** A body with one media item: searched by its file name. */
function oneMedia<K extends 'image' | 'voice' | 'video' | 'file' | 'emotion' | 'voip_doc_share'>(
  extra: Partial<KindProjection<K>> = {},
): KindProjection<K> {
  const mediaOf = (body: BodyOf<K>): MediaRef => (body as { media: MediaRef }).media;
  return projection<K>({
    searchFields: (body) => fileNameField(mediaOf(body)),
    mediaRefs: (body) => [mediaOf(body)],
    ...extra,
  });
}

export const mediaModule: TypeModule<
  'image' | 'voice' | 'video' | 'file' | 'emotion' | 'meeting_voice_call' | 'voip_doc_share'
> = {
  parsers: {
    image: plainMedia('image'),
    voice: plainMedia('voice'),
    video: plainMedia('video'),
    file: plainMedia('file'),
    emotion: (msgtype, p, context) => {
      const media = mediaRefOf('emotion', p, context.path);
      if (!media) return malformed(msgtype, p);
      return {
        kind: 'emotion',
        media,
        emotionType: num(p, 'type'),
        width: num(p, 'width'),
        height: num(p, 'height'),
      };
    },
    meeting_voice_call: (msgtype, p, context) => {
      const media = mediaRefOf('meeting_voice_call', p, context.path);
      const end = toMillis(num(p, 'endtime'));
      const docs = arr(p, 'demofiledata');
      const screens = arr(p, 'sharescreendata');
      if (!media && end === null && !docs && !screens) return malformed(msgtype, p);
      return {
        kind: 'meeting_voice_call',
        voiceid: str(context.top, 'voiceid'),
        end,
        media,
        docShares: (docs ?? []).map((entry) => {
          const d = asObject(entry);
          return {
            filename: str(d, 'filename'),
            operator: str(d, 'demooperator'),
            start: toMillis(num(d, 'starttime')),
            end: toMillis(num(d, 'endtime')),
          };
        }),
        screenShares: (screens ?? []).map((entry) => {
          const d = asObject(entry);
          return {
            user: str(d, 'share'),
            start: toMillis(num(d, 'starttime')),
            end: toMillis(num(d, 'endtime')),
          };
        }),
      };
    },
    voip_doc_share: (msgtype, p, context) => {
      const media = mediaRefOf('voip_doc_share', p, context.path);
      return media
        ? { kind: 'voip_doc_share', voipid: str(context.top, 'voipid'), media }
        : malformed(msgtype, p);
    },
  },
  kinds: {
    image: oneMedia(),
    voice: oneMedia(),
    video: oneMedia(),
    emotion: oneMedia(),
    file: oneMedia({ quotableText: (body) => body.media.fileName ?? '' }),
    voip_doc_share: oneMedia(),
    meeting_voice_call: projection({
      searchFields: (body) => [
        ...present(...body.docShares.map((share) => share.filename)),
        ...fileNameField(body.media),
      ],
      mediaRefs: (body) => (body.media ? [body.media] : []),
    }),
  },
};
