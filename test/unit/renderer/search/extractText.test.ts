import { describe, expect, it } from 'vitest';
import { FIELD_SEPARATOR } from '../../../../main/common/message';
import { extractText as searchText, indexedTextOf } from '../../../../renderer/search/extractText';

/** The indexed fields, one per line (the index joins them with FIELD_SEPARATOR). */
const extractText = (raw: string): string => searchText(raw).split(FIELD_SEPARATOR).join('\n');
const hasMedia = (raw: string): boolean => indexedTextOf(raw).hasMedia;

const msg = (msgtype: string, payload: Record<string, unknown>) =>
  JSON.stringify({
    msgid: 'm',
    action: 'send',
    from: 'a',
    tolist: ['b'],
    roomid: '',
    msgtime: 1,
    msgtype,
    ...payload,
  });

describe('extractText', () => {
  it('text, including the quote/reply form', () => {
    expect(extractText(msg('text', { text: { content: 'test' } }))).toBe('test');
    const quote = '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n------\n十点';
    expect(extractText(msg('text', { text: { content: quote } }))).toContain('明天几点开会');
  });

  it('markdown and news (payload under info)', () => {
    expect(extractText(msg('markdown', { info: { content: '请前往系统查看' } }))).toBe('请前往系统查看');
    expect(
      extractText(
        msg('news', { info: { item: [{ title: 'service', description: 'test', url: 'http://x' }] } }),
      ),
    ).toBe('service\ntest');
  });

  it('link, weapp, file, card, location, docmsg', () => {
    expect(
      extractText(
        msg('link', { link: { title: '邀请你加入群聊', description: '技术支持群', link_url: 'https://x' } }),
      ),
    ).toBe('邀请你加入群聊\n技术支持群');
    expect(
      extractText(
        msg('weapp', {
          weapp: { title: '服务须知', description: '客户需同意', username: 'x@app', displayname: '须知' },
        }),
      ),
    ).toBe('服务须知\n客户需同意\n须知');
    expect(
      extractText(msg('file', { file: { filename: '资料.docx', fileext: 'docx', sdkfileid: 'x' } })),
    ).toBe('资料.docx');
    expect(extractText(msg('card', { card: { corpname: '微信联系人', userid: 'wm1' } }))).toBe('微信联系人');
    expect(
      extractText(msg('location', { location: { title: '管理中心', address: '北京市', zoom: 15 } })),
    ).toBe('管理中心\n北京市');
    expect(extractText(msg('docmsg', { doc: { title: '测试&演示客户', link_url: 'https://x' } }))).toBe(
      '测试&演示客户',
    );
  });

  it('vote at the top level or nested, collect, calendar, meeting, redpacket, sphfeed', () => {
    expect(extractText(msg('vote', { votetitle: '投票主题', voteitem: ['选项A', '选项B'] }))).toBe(
      '投票主题\n选项A\n选项B',
    );
    expect(extractText(msg('vote', { vote: { votetitle: '主题', voteitem: ['A'] } }))).toBe('主题\nA');
    expect(
      extractText(
        msg('collect', { collect: { room_name: '群', title: '填表', details: [{ ques: '表项1' }] } }),
      ),
    ).toBe('群\n填表\n表项1');
    expect(extractText(msg('calendar', { calendar: { title: '复盘会', place: '3楼', remarks: '' } }))).toBe(
      '复盘会\n3楼',
    );
    expect(extractText(msg('meeting', { meeting: { topic: '夕会', address: '', remarks: '' } }))).toBe(
      '夕会',
    );
    expect(extractText(msg('external_redpacket', { redpacket: { wish: '恭喜发财' } }))).toBe('恭喜发财');
    expect(extractText(msg('sphfeed', { sphfeed: { sph_name: '旅行家', feed_desc: '瑞士' } }))).toBe(
      '旅行家\n瑞士',
    );
  });

  it('chatrecord items recursively, including mixed and nested records', () => {
    const inner = {
      title: '转发的聊天记录',
      item: [
        { type: 'ChatRecordFile', content: JSON.stringify({ filename: '2024Q2对账单.pdf', sdkfileid: 's' }) },
      ],
    };
    const mixed = {
      item: [
        { type: 'text', content: JSON.stringify({ content: '订单号SO1' }) },
        { type: 'image', content: JSON.stringify({ sdkfileid: 'x', md5sum: 'y' }) },
      ],
    };
    const raw = msg('chatrecord', {
      chatrecord: {
        title: '群聊',
        item: [
          { type: 'ChatRecordText', content: JSON.stringify({ content: '你好' }) },
          { type: 'ChatRecordLink', content: JSON.stringify({ title: '售后政策', description: '三年质保' }) },
          { type: 'ChatRecordLocation', content: JSON.stringify({ title: '大厦', address: '文三路' }) },
          { type: 'ChatRecordMixed', content: JSON.stringify(mixed) },
          { type: 'chatrecord', content: JSON.stringify(inner) },
          { type: 'ChatRecordText', content: '{not json' },
        ],
      },
    });
    expect(extractText(raw).split('\n')).toEqual([
      '群聊',
      '你好',
      '售后政策',
      '三年质保',
      '大厦',
      '文三路',
      '订单号SO1',
      '转发的聊天记录',
      '2024Q2对账单.pdf',
    ]);
    expect(hasMedia(raw)).toBe(true);
  });

  it('mixed items, meeting_voice_call shared files, and nothing for media-only and system messages', () => {
    const mixed = msg('mixed', {
      mixed: { item: [{ type: 'text', content: JSON.stringify({ content: '你好[微笑]\n' }) }] },
    });
    expect(extractText(mixed)).toBe('你好[微笑]');
    expect(
      extractText(
        msg('meeting_voice_call', { meeting_voice_call: { demofiledata: [{ filename: 'a.docx' }] } }),
      ),
    ).toBe('a.docx');
    expect(extractText(msg('image', { image: { sdkfileid: 'x', md5sum: 'y', filesize: 1 } }))).toBe('');
    expect(extractText(msg('revoke', { revoke: { pre_msgid: 'x' } }))).toBe('');
    expect(extractText(JSON.stringify({ msgid: 'x', action: 'switch', time: 1, user: 'u' }))).toBe('');
    expect(extractText('{not json')).toBe('');
  });

  it('falls back to info, then common fields, for misplaced and unknown payloads', () => {
    expect(extractText(msg('text', { info: { content: '载荷放在了 info 里' } }))).toBe('载荷放在了 info 里');
    expect(extractText(msg('solitaire', { solitaire: { title: '团建报名', content: '#接龙' } }))).toBe(
      '团建报名\n#接龙',
    );
    expect(extractText(msg('brand_new', { brand_new: { title: '新类型', secret: 'no' } }))).toBe('新类型');
  });
});

describe('raw JSON with control characters inside strings (docs/wecom-sdk.md §1.6)', () => {
  it('still yields the text, as the reader shows it', () => {
    const raw = '{"msgid":"m1","msgtype":"text","text":{"content":"第一行\n第二行\u0001尾"}}';
    expect(() => JSON.parse(raw) as unknown).toThrow();
    expect(extractText(raw)).toBe('第一行\n第二行\u0001尾');
  });
});
