import { describe, expect, it } from 'vitest';
import { mediaItemsOf } from '../../../../../renderer/features/media/mediaItems';

describe('mediaItemsOf', () => {
  it('finds media in raw JSON whose strings carry raw control characters (docs/wecom-sdk.md §1.6)', () => {
    const raw =
      '{"msgid":"m1","msgtype":"file","file":{"md5sum":"00112233445566778899aabbccddeeff","filename":"报价\u0001单.pdf","fileext":"pdf","filesize":1024,"sdkfileid":"SDKFILE1"}}';
    expect(() => JSON.parse(raw) as unknown).toThrow();
    expect(mediaItemsOf(raw)).toMatchObject([
      { kind: 'file', sdkfileid: 'SDKFILE1', size: 1024, fileName: '报价\u0001单.pdf' },
    ]);
  });

  it('reads nested chatrecord content given as a JSON string with control characters', () => {
    const content = '{"md5sum":"","filesize":10,"sdkfileid":"SDKIMG\u0002"}';
    const raw = JSON.stringify({
      msgid: 'm2',
      msgtype: 'chatrecord',
      chatrecord: { item: [{ type: 'ChatRecordImage', content }] },
    });
    expect(mediaItemsOf(raw)).toMatchObject([{ kind: 'image', sdkfileid: 'SDKIMG\u0002' }]);
  });

  it('answers [] for text that is not JSON', () => {
    expect(mediaItemsOf('not json')).toEqual([]);
  });
});
