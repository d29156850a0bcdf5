import { describe, expect, it } from 'vitest';
import {
  KNOWN_MSGTYPES,
  readMessage,
  type Message,
  type MessageBody,
} from '../../../../../main/common/message';
import { OFFICIAL_SAMPLES } from '../../../../fixtures/messages/officialSamples';

function sample(name: string): string {
  const found = OFFICIAL_SAMPLES.find((entry) => entry.name === name);
  if (!found) throw new Error(`no official sample ${name}`);
  return found.raw;
}

const parse = (raw: string): Message => readMessage(raw, { msgid: 'fallback-id' });

function bodyOf<K extends MessageBody['kind']>(raw: string, kind: K): Extract<MessageBody, { kind: K }> {
  const body = parse(raw).body;
  expect(body.kind).toBe(kind);
  return body as Extract<MessageBody, { kind: K }>;
}

/** The official sample with its payload object replaced (malformed variants). */
function withPayload(name: string, key: string, payload: unknown): string {
  const json = JSON.parse(sample(name)) as Record<string, unknown>;
  json[key] = payload;
  return JSON.stringify(json);
}

function expectMalformed(raw: string, msgtype: string): void {
  expect(parse(raw).body).toMatchObject({ kind: 'unsupported', reason: 'malformed', msgtype });
}

describe('readMessage: the official samples of docs/wecom-sdk.md §4.2', () => {
  it('has a sample for every msgtype the app renders', () => {
    const named = new Set(OFFICIAL_SAMPLES.map((entry) => entry.name));
    for (const msgtype of KNOWN_MSGTYPES) expect(named, msgtype).toContain(msgtype);
  });

  it('text', () => {
    const message = parse(sample('text'));
    expect(message).toMatchObject({
      msgid: 'CAQQluDa4QUY0On2rYSAgAMgzPrShAE=',
      action: 'send',
      from: 'XuJinSheng',
      tolist: ['icefog'],
      roomid: '',
      msgtime: 1547087894783,
      msgtype: 'text',
    });
    expect(message.body).toEqual({ kind: 'text', content: 'test', quote: null, fromKey: 'text' });
    expectMalformed(withPayload('text', 'text', { content: 42_000_000_000_000_000_000_000 }), 'text');
    expectMalformed(withPayload('text', 'text', { contents: 'typo' }), 'text');
  });

  it('image (msgtime 0 in the official sample)', () => {
    const message = parse(sample('image'));
    expect(message.msgtime).toBe(0);
    const body = bodyOf(sample('image'), 'image');
    expect(body.media).toMatchObject({
      kind: 'image',
      md5sum: '50de8e5ae8ffe4f1df7a93841f71993a',
      size: 70961,
    });
    expect(body.media.sdkfileid.startsWith('CtYBMzA2')).toBe(true);
    expectMalformed(withPayload('image', 'image', {}), 'image');
    expectMalformed(withPayload('image', 'image', 'not an object'), 'image');
  });

  it('revoke', () => {
    const message = parse(sample('revoke'));
    expect(message.action).toBe('recall');
    expect(message.body).toEqual({ kind: 'revoke', preMsgid: '14822339130656386894_1603875600' });
    expectMalformed(withPayload('revoke', 'revoke', { pre_msgid: '' }), 'revoke');
  });

  it('agree and disagree', () => {
    expect(parse(sample('agree')).body).toEqual({
      kind: 'agree',
      userid: 'wmGAgeDQAAvQeaTqWwkMTxGMkvI7OOuQ',
      time: 1603875826656,
    });
    expect(parse(sample('disagree')).body).toEqual({
      kind: 'disagree',
      userid: 'wmErxtDgAA9AW32YyyuYRimKr7D1KWlw',
      time: 1603875944122,
    });
    // A consent event without its payload still is a consent event (from is the external contact).
    expect(parse(withPayload('agree', 'agree', null)).body).toEqual({
      kind: 'agree',
      userid: null,
      time: null,
    });
  });

  it('voice', () => {
    const body = bodyOf(sample('voice'), 'voice');
    expect(body.media).toMatchObject({
      size: 6810,
      playLength: 10,
      md5sum: '9db09c7fa627c9e53f17736c786a74d5',
    });
    expectMalformed(withPayload('voice', 'voice', { voice_size: 5 }), 'voice');
  });

  it('video', () => {
    const body = bodyOf(sample('video'), 'video');
    expect(body.media).toMatchObject({ size: 15169724, playLength: 108 });
    expectMalformed(withPayload('video', 'video', { sdkfileid: 7 }), 'video');
  });

  it('card', () => {
    expect(parse(sample('card')).body).toEqual({
      kind: 'card',
      corpname: '微信联系人',
      userid: 'wmGAgeDQAAGjFmfnP7A3j2JxQDdLNhSw',
    });
    expectMalformed(withPayload('card', 'card', {}), 'card');
  });

  it('location', () => {
    expect(parse(sample('location')).body).toEqual({
      kind: 'location',
      longitude: 116.586285899,
      latitude: 39.911125799,
      address: '北京市xxx区xxx路xxx大厦x座',
      title: 'xxx管理中心',
      zoom: 15,
    });
    expectMalformed(withPayload('location', 'location', { zoom: 3 }), 'location');
  });

  it('emotion', () => {
    const body = bodyOf(sample('emotion'), 'emotion');
    expect(body).toMatchObject({ emotionType: 1, width: 290, height: 290 });
    expect(body.media.size).toBe(962604);
    expectMalformed(withPayload('emotion', 'emotion', { type: 1 }), 'emotion');
  });

  it('file', () => {
    const body = bodyOf(sample('file'), 'file');
    expect(body.media).toMatchObject({ fileName: '资料.docx', fileExt: 'docx', size: 18181 });
    expectMalformed(withPayload('file', 'file', { filename: 'x.pdf' }), 'file');
  });

  it('link', () => {
    expect(parse(sample('link')).body).toEqual({
      kind: 'link',
      title: '邀请你加入群聊',
      description: '技术支持群，进入可查看详情',
      url: 'https://work.weixin.qq.com/wework_admin/external_room/join/exceed?vcode=xxx',
      imageUrl: 'https://wework.qpic.cn/wwpic/xxx/0',
    });
    expectMalformed(withPayload('link', 'link', { description: 'only' }), 'link');
  });

  it('weapp', () => {
    expect(parse(sample('weapp')).body).toMatchObject({
      kind: 'weapp',
      title: '开始聊天前请仔细阅读服务须知事项',
      displayname: '服务须知',
      username: 'xxx@app',
    });
    expectMalformed(withPayload('weapp', 'weapp', []), 'weapp');
  });

  it('chatrecord: item msgtime in seconds, content as a JSON string, nesting', () => {
    const body = bodyOf(sample('chatrecord'), 'chatrecord');
    expect(body.title).toBe('群聊');
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toEqual({
      type: 'ChatRecordText',
      msgtime: 1603875610_000,
      fromChatroom: false,
      body: { kind: 'text', content: 'test', quote: null, fromKey: 'content' },
    });
    const nested = withPayload('chatrecord', 'chatrecord', {
      title: 'outer',
      item: [
        {
          type: 'chatrecord',
          msgtime: 1603875610,
          content: JSON.stringify({
            title: 'inner',
            item: [{ type: 'ChatRecordImage', msgtime: 1, content: '{"sdkfileid":"abc","filesize":3}' }],
          }),
        },
        { type: 'ChatRecordText', msgtime: 1603875611, content: '{not json' },
        { type: 'ChatRecordSolitaire', msgtime: 1603875612, content: '{}' },
      ],
    });
    const outer = bodyOf(nested, 'chatrecord');
    const inner = outer.items[0]?.body;
    expect(inner?.kind).toBe('chatrecord');
    if (inner?.kind === 'chatrecord')
      expect(inner.items[0]?.body).toMatchObject({ kind: 'image', media: { size: 3 } });
    expect(outer.items[1]?.body).toMatchObject({
      kind: 'unsupported',
      reason: 'not-json',
      msgtype: 'ChatRecordText',
    });
    expect(outer.items[2]?.body).toMatchObject({ kind: 'unsupported', reason: 'unknown-type' });
    expectMalformed(withPayload('chatrecord', 'chatrecord', { title: 'no items' }), 'chatrecord');
  });

  it('chatrecord nested without end stops at a depth limit', () => {
    let content: unknown = { title: 'deep', item: [] };
    for (let i = 0; i < 12; i++)
      content = { title: `d${i}`, item: [{ type: 'chatrecord', content: JSON.stringify(content) }] };
    const raw = withPayload('chatrecord', 'chatrecord', content);
    expect(() => parse(raw)).not.toThrow();
    expect(parse(raw).body.kind).toBe('chatrecord');
  });

  it('todo (illustrative sample) and malformed', () => {
    expect(parse(sample('todo')).body).toEqual({ kind: 'todo', title: '来源文本', content: '具体内容' });
    expectMalformed(withPayload('todo', 'todo', {}), 'todo');
  });

  it('vote: top-level and nested layouts', () => {
    const top = bodyOf(sample('vote'), 'vote');
    expect(top).toEqual({
      kind: 'vote',
      title: '投票主题',
      options: ['选项A', '选项B'],
      voteType: 101,
      voteId: '2405938218',
    });
    const nested = JSON.stringify({
      msgid: 'v2',
      action: 'send',
      from: 'ken',
      tolist: ['icef'],
      roomid: 'wr1',
      msgtime: 1,
      msgtype: 'vote',
      vote: { votetitle: '午饭', voteitem: ['面', '饭'], votetype: 102, voteid: '9' },
    });
    expect(bodyOf(nested, 'vote')).toMatchObject({ title: '午饭', options: ['面', '饭'], voteType: 102 });
    expectMalformed(JSON.stringify({ msgid: 'v3', action: 'send', msgtype: 'vote', voteitem: 'x' }), 'vote');
  });

  it('collect', () => {
    const body = bodyOf(sample('collect'), 'collect');
    expect(body).toMatchObject({
      roomName: '这是一个群',
      creator: 'nick',
      createTime: '2019-12-11 11:21:22',
      title: '这是填表title',
    });
    expect(body.details.map((d) => d.type)).toEqual(['Text', 'Number', 'Date', 'Time']);
    expectMalformed(withPayload('collect', 'collect', { creator: 'nick' }), 'collect');
  });

  it('redpacket and external_redpacket (payload key redpacket)', () => {
    expect(parse(sample('redpacket')).body).toEqual({
      kind: 'redpacket',
      external: false,
      packetType: 1,
      wish: '恭喜发财，大吉大利',
      totalCount: 1,
      totalAmount: 3000,
    });
    expect(parse(sample('external_redpacket')).body).toMatchObject({
      kind: 'redpacket',
      external: true,
      totalAmount: 20,
    });
    expectMalformed(withPayload('redpacket', 'redpacket', { type: 1 }), 'redpacket');
  });

  it('meeting (seconds → ms)', () => {
    expect(parse(sample('meeting')).body).toEqual({
      kind: 'meeting',
      topic: '夕会',
      start: 1603877400_000,
      end: 1603881000_000,
      address: '',
      remarks: '',
      meetingType: 102,
      meetingId: '1210342560',
      status: 1,
    });
    expectMalformed(withPayload('meeting', 'meeting', { status: 1 }), 'meeting');
  });

  it('meeting_notification (payload key info)', () => {
    expect(parse(sample('meeting_notification')).body).toEqual({
      kind: 'meeting_notification',
      meetingId: '1210342560',
      notificationType: 1,
      content: '…',
    });
    expectMalformed(withPayload('meeting_notification', 'info', {}), 'meeting_notification');
  });

  it('switch log (no msgtype; time and user at top level)', () => {
    const message = parse(sample('switch'));
    expect(message).toMatchObject({
      action: 'switch',
      msgtype: 'switch',
      from: 'XuJinSheng',
      msgtime: 1554119421840,
    });
    expect(message.body).toEqual({ kind: 'switch', user: 'XuJinSheng', time: 1554119421840 });
  });

  it('docmsg (payload key doc)', () => {
    expect(parse(sample('docmsg')).body).toEqual({
      kind: 'docmsg',
      title: '测试&演示客户',
      creator: 'test',
      url: 'https://doc.weixin.qq.com/txdoc/excel?docid=xxx',
    });
    expectMalformed(withPayload('docmsg', 'doc', { doc_creator: 'x' }), 'docmsg');
  });

  it('markdown (payload key info)', () => {
    expect(parse(sample('markdown')).body).toEqual({ kind: 'markdown', content: '请前往系统查看，谢谢。' });
    expectMalformed(withPayload('markdown', 'info', { text: 'x' }), 'markdown');
  });

  it('news (payload key info, item array)', () => {
    expect(parse(sample('news')).body).toEqual({
      kind: 'news',
      items: [
        { title: 'service ', description: 'test', url: 'http://xxx', picurl: 'https://www.qq.com/xxx.jpg' },
      ],
    });
    expectMalformed(withPayload('news', 'info', { item: 'x' }), 'news');
  });

  it('calendar', () => {
    expect(parse(sample('calendar')).body).toEqual({
      kind: 'calendar',
      title: 'xxx业绩复盘会',
      creator: 'test',
      attendees: ['aaa', 'bbb'],
      start: 1603882800_000,
      end: 1603886400_000,
      place: '',
      remarks: '',
    });
    expectMalformed(withPayload('calendar', 'calendar', { place: 'x' }), 'calendar');
  });

  it('mixed: items with JSON-string content, media items carry sdkfileid', () => {
    const body = bodyOf(sample('mixed'), 'mixed');
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({ kind: 'text', content: '你好[微笑]\n' });
    expect(body.items[1]).toMatchObject({
      kind: 'image',
      media: { size: 13177, md5sum: '368b6c18c82e6441bfd89b343e9d2429' },
    });
    expectMalformed(withPayload('mixed', 'mixed', { item: {} }), 'mixed');
    const broken = bodyOf(
      withPayload('mixed', 'mixed', { item: [{ type: 'text', content: '{' }, 42] }),
      'mixed',
    );
    expect(broken.items.map((item) => item.kind)).toEqual(['unsupported', 'unsupported']);
  });

  it('meeting_voice_call (no roomid, top-level voiceid, no md5/size)', () => {
    const message = parse(sample('meeting_voice_call'));
    expect(message.roomid).toBe('');
    const body = bodyOf(sample('meeting_voice_call'), 'meeting_voice_call');
    expect(body.voiceid).toBe('grb8a4c48a3c094a70982c518d55e40557');
    expect(body.end).toBe(1594197635_000);
    expect(body.media).toMatchObject({ kind: 'meeting_voice_call', md5sum: '', size: null });
    expect(body.docShares).toEqual([
      {
        filename: '65eb1cdd3e7a3c1740ecd74220b6c627.docx',
        operator: 'wo137MCgAAYW6pIiKKrDe5SlzEhSgwbA',
        start: 1594197599_000,
        end: 1594197609_000,
      },
    ]);
    expect(body.screenShares).toHaveLength(1);
    expectMalformed(withPayload('meeting_voice_call', 'meeting_voice_call', {}), 'meeting_voice_call');
  });

  it('voip_doc_share (top-level voipid)', () => {
    const body = bodyOf(sample('voip_doc_share'), 'voip_doc_share');
    expect(body.voipid).toBe('gr2751c98b19300571f8afb3b74514bd32');
    expect(body.media).toMatchObject({ fileName: '欢迎使用微盘.pdf.pdf', size: 4400654 });
    expectMalformed(withPayload('voip_doc_share', 'voip_doc_share', { filename: 'a.pdf' }), 'voip_doc_share');
  });

  it('sphfeed', () => {
    expect(parse(sample('sphfeed')).body).toEqual({
      kind: 'sphfeed',
      feedType: 4,
      name: '云游天地旅行家',
      description: '瑞士丨盖尔默缆车，名副其实的过山车~\n\n#旅行#风景#热门',
    });
    expectMalformed(withPayload('sphfeed', 'sphfeed', { feed_type: 4 }), 'sphfeed');
  });

  it('voiptext: under voiptext or info', () => {
    expect(parse(sample('voiptext')).body).toEqual({ kind: 'voiptext', durationSec: 125, inviteType: 2 });
    const underInfo = JSON.parse(sample('voiptext')) as Record<string, unknown>;
    underInfo['info'] = underInfo['voiptext'];
    delete underInfo['voiptext'];
    expect(parse(JSON.stringify(underInfo)).body).toEqual({
      kind: 'voiptext',
      durationSec: 125,
      inviteType: 2,
    });
    expectMalformed(withPayload('voiptext', 'voiptext', {}), 'voiptext');
  });

  it('qydiskfile (payload key info)', () => {
    expect(parse(sample('qydiskfile')).body).toEqual({ kind: 'qydiskfile', filename: '季度报告.pdf' });
    expectMalformed(withPayload('qydiskfile', 'info', {}), 'qydiskfile');
  });
});

describe('readMessage: solitaire (接龙) and note (笔记), structure undocumented (docs/wecom-sdk.md §4.1)', () => {
  it('solitaire: title, content and its entries', () => {
    const body = bodyOf(sample('solitaire'), 'solitaire');
    expect(body).toMatchObject({
      title: '周五团建报名',
      content: '#接龙\n周五团建报名\n\n1. 张伟 2人\n2. 李娜 1人',
    });
    expect(body.entries).toEqual([
      { userid: 'zhangwei', content: '2人', sequence: 1 },
      { userid: 'lina', content: '1人', sequence: 2 },
    ]);
    expectMalformed(withPayload('solitaire', 'solitaire', { participants: [] }), 'solitaire');
  });

  it('note: title, content and link', () => {
    expect(bodyOf(sample('note'), 'note')).toEqual({
      kind: 'note',
      title: '客户拜访笔记',
      content: '1. 云栖酒店计划Q3改造120间客房\n2. 预算约15万',
      url: 'https://doc.weixin.qq.com/note/abc123',
    });
    expectMalformed(withPayload('note', 'note', {}), 'note');
  });
});

describe('readMessage: unknown, unparsable and hostile input', () => {
  it('an unknown msgtype is unsupported, with its name', () => {
    const raw = JSON.stringify({
      msgid: 'x',
      action: 'send',
      from: 'a',
      tolist: ['b'],
      msgtype: 'brand_new',
      brand_new: { title: '新类型' },
    });
    expect(parse(raw).body).toEqual({
      kind: 'unsupported',
      reason: 'unknown-type',
      msgtype: 'brand_new',
      payload: { title: '新类型' },
    });
  });

  it('text whose payload sits under info is read through the info fallback', () => {
    const raw = JSON.stringify({
      msgid: 'x',
      action: 'send',
      msgtype: 'text',
      info: { content: '载荷放在了 info 里' },
    });
    expect(parse(raw).body).toEqual({
      kind: 'text',
      content: '载荷放在了 info 里',
      quote: null,
      fromKey: 'info',
    });
  });

  it('raw control characters inside strings are tolerated', () => {
    const raw =
      '{"msgid":"c","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":5,"msgtype":"text","text":{"content":"第一行\n第二行\u0001"}}';
    expect(parse(raw).body).toMatchObject({ kind: 'text', content: '第一行\n第二行\u0001' });
  });

  it('text that is not JSON falls back to the row header and says not-json', () => {
    const message = readMessage('{"msgid":', { msgid: 'm1', msgtype: 'text', from: 'a', msgtime: 9 });
    expect(message).toMatchObject({ msgid: 'm1', from: 'a', msgtime: 9 });
    expect(message.body).toMatchObject({ kind: 'unsupported', reason: 'not-json', msgtype: 'text' });
    expect(readMessage('[1,2]', { msgid: 'm2' }).body).toMatchObject({
      reason: 'not-json',
      detail: 'not a JSON object',
    });
    expect(readMessage('', { msgid: 'm3' }).body.kind).toBe('unsupported');
  });

  it('markup stays text', () => {
    const raw = JSON.stringify({
      msgid: 'h',
      action: 'send',
      msgtype: 'text',
      text: { content: '<script>alert(1)</script>' },
    });
    expect(parse(raw).body).toMatchObject({ kind: 'text', content: '<script>alert(1)</script>' });
  });
});
