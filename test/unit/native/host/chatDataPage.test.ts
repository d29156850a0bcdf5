import { describe, expect, it } from 'vitest';
import { chatdataItemTexts, parseChatDataPage } from '../../../../native/host/chatDataPage';
import { decodeSdkText } from '../../../../native/bindings/sdkText';

const good = (seq: number | string) =>
  `{"seq":${seq},"msgid":"m${seq}","publickey_ver":1,"encrypt_random_key":"rk","encrypt_chat_msg":"cm"}`;

describe('GetChatData page with malformed items', () => {
  it('returns the valid envelopes and each malformed item apart, with its exact text', () => {
    const odd =
      '{ "seq" : 7 , "msgid":"m7","publickey_ver":1.5,"encrypt_random_key":"r,]}","encrypt_chat_msg":"c"}';
    const page = `{"errcode":0,"errmsg":"ok","chatdata":[${good(6)},\n  ${odd} ,${good(8)},"text",{"msgid":""}]}`;
    const parsed = parseChatDataPage(page);
    if (!parsed.ok) throw new Error('expected a page');
    expect(parsed.items).toBe(5);
    expect(parsed.envelopes.map((e) => e.seq)).toEqual(['6', '8']);
    expect(parsed.malformed).toEqual([
      { index: 1, seq: '7', msgid: 'm7', raw: odd, problem: 'chatdata[1]: publickey_ver is not a u32' },
      {
        index: 3,
        seq: null,
        msgid: expect.stringMatching(/^malformed:[0-9a-f]{32}$/),
        raw: '"text"',
        problem: 'chatdata[3]: not an object',
      },
      {
        index: 4,
        seq: null,
        msgid: expect.stringMatching(/^malformed:[0-9a-f]{32}$/),
        raw: '{"msgid":""}',
        problem: 'chatdata[4]: seq is not a u64',
      },
    ]);
    // The stand-in msgid is stable: the same item pulled again is the same row.
    const again = parseChatDataPage(page);
    expect(again.ok && again.malformed[1]?.msgid).toBe(parsed.malformed[1]?.msgid);
  });

  it('finds the items of the top-level chatdata only, whatever strings and nesting hold', () => {
    const raw = '{"x":{"chatdata":[1]},"errmsg":"chatdata","chatdata":[{"a":"]"},[1,2], 3 ]}';
    expect(chatdataItemTexts(raw)).toEqual(['{"a":"]"}', '[1,2]', '3']);
    expect(chatdataItemTexts('{"chatdata":[]}')).toEqual([]);
    expect(chatdataItemTexts('{"chatdata":[1,')).toBeNull();
  });

  it('fails the whole page only when it is not JSON, not an object, or chatdata is not an array', () => {
    expect(parseChatDataPage('{"errcode":0,"chatdata":[')).toMatchObject({ ok: false });
    expect(parseChatDataPage('[]')).toMatchObject({
      ok: false,
      malformed: expect.stringContaining('non-object'),
    });
    expect(parseChatDataPage('{"errcode":0,"chatdata":"x"}')).toMatchObject({ ok: false });
  });
});

describe('SDK text, byte-exact', () => {
  it('decodes valid UTF-8 as is and keeps a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":"中文"}')]);
    expect(decodeSdkText(bytes)).toEqual({ text: '\uFEFF{"a":"中文"}' });
  });

  it('keeps the exact bytes, base64, when they are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('"}')]);
    const decoded = decodeSdkText(bytes);
    expect(decoded.text).toBe('{"a":"\uFFFD\uFFFD("}');
    expect(Buffer.from(decoded.invalidUtf8Base64 ?? '', 'base64').equals(bytes)).toBe(true);
  });
});
