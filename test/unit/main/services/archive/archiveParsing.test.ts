import { describe, expect, it } from 'vitest';
import { parseChatDataPage } from '../../../../../main/services/archive/chatDataEnvelope';
import { extractHeader } from '../../../../../main/services/archive/messageHeader';
import { escapeControlCharsInStrings, parseTolerantJson } from '../../../../../main/common/json/tolerantJson';

describe('tolerant JSON', () => {
  it('escapes raw control characters inside strings only, keeping structural whitespace', () => {
    const text = '{\n\t"content": "a\u0001b\tc\nd",\r\n "n": 1}';
    expect(parseTolerantJson(text)).toEqual({ content: 'a\u0001b\tc\nd', n: 1 });
    expect(escapeControlCharsInStrings('{"a":"x\\"\u0002"}')).toBe('{"a":"x\\"\\u0002"}');
  });
  it('leaves valid JSON untouched and still rejects broken JSON', () => {
    expect(escapeControlCharsInStrings('{"a":"ok"}')).toBe('{"a":"ok"}');
    expect(() => parseTolerantJson('{"a": ')).toThrow();
  });
});

describe('GetChatData page (docs/wecom-sdk.md §3.1)', () => {
  const sample =
    '{"errcode":0,"errmsg":"ok","chatdata":[{"seq":196,"msgid":"CAQQ2fbb4QUY0On2rYSAgAMgip/yzgs=","publickey_ver":3,"encrypt_random_key":"ftJ+","encrypt_chat_msg":"898W"}]}';
  it('parses the official sample', () => {
    expect(parseChatDataPage(sample)).toEqual({
      ok: true,
      envelopes: [
        {
          seq: '196',
          msgid: 'CAQQ2fbb4QUY0On2rYSAgAMgip/yzgs=',
          publickeyVer: 3,
          encryptRandomKey: 'ftJ+',
          encryptChatMsg: '898W',
        },
      ],
      malformed: [],
      items: 1,
    });
  });
  it('keeps seq values above 2^53 exact', () => {
    const page = parseChatDataPage(sample.replace('"seq":196', '"seq":18446744073709551615'));
    expect(page.ok && page.envelopes[0]?.seq).toBe('18446744073709551615');
  });
  it('reports errcode pages and malformed pages distinctly', () => {
    expect(parseChatDataPage('{"errcode":301058,"errmsg":"too big"}')).toEqual({
      ok: false,
      errcode: 301058,
      errmsg: 'too big',
    });
    expect(parseChatDataPage('{"errcode":0,"errmsg":"ok"}')).toEqual({
      ok: true,
      envelopes: [],
      malformed: [],
      items: 0,
    });
    expect(parseChatDataPage('<html>')).toMatchObject({
      ok: false,
      malformed: expect.stringContaining('invalid JSON'),
    });
    expect(parseChatDataPage('{"errcode":0,"chatdata":{}}')).toMatchObject({
      ok: false,
      malformed: expect.stringContaining('not an array'),
    });
  });
});

describe('message header (docs/wecom-sdk.md §4.1)', () => {
  it('extracts the common fields of a message', () => {
    const raw =
      '{"msgid":"CAQQ","action":"send","from":"XuJinSheng","tolist":["icefog"],"roomid":"","msgtime":1547087894783,"msgtype":"text","text":{"content":"test"}}';
    expect(extractHeader(raw)).toEqual({
      ok: true,
      msgid: 'CAQQ',
      header: {
        action: 'send',
        msgtype: 'text',
        from: 'XuJinSheng',
        tolist: ['icefog'],
        roomid: '',
        msgtime: 1547087894783,
      },
    });
  });
  it('maps switch records (time/user) and tolerates an absent roomid', () => {
    expect(
      extractHeader(
        '{"msgid":"125289002219525886280","action":"switch","time":1554119421840,"user":"XuJinSheng"}',
      ),
    ).toMatchObject({
      ok: true,
      header: {
        action: 'switch',
        msgtype: 'switch',
        from: 'XuJinSheng',
        msgtime: 1554119421840,
        roomid: '',
        tolist: [],
      },
    });
    expect(
      extractHeader(
        '{"msgid":"1","action":"send","from":"a","tolist":["b"],"msgtime":5,"msgtype":"voip_doc_share"}',
      ),
    ).toMatchObject({
      ok: true,
      header: { roomid: '', msgtype: 'voip_doc_share' },
    });
  });
  it('parses bodies with raw control characters and rejects non-objects', () => {
    expect(extractHeader('{"msgid":"1","from":"a\u0001","msgtime":1,"msgtype":"text"}')).toMatchObject({
      ok: true,
      header: { from: 'a\u0001' },
    });
    expect(extractHeader('[1,2]')).toMatchObject({ ok: false });
    expect(extractHeader('not json')).toMatchObject({ ok: false });
  });
});
