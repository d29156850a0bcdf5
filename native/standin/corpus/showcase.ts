import {
  sendMeetingVoiceCall,
  sendRareKind,
  sendVoipDocShare,
  voteFields,
  type RareKind,
} from './conversation';
import { hostileRecipes, type Recipe } from './hostile';
import { chatRecordItem, videoPayload } from './messages';
import type { MediaOptions } from './conversation';
import type { Chat, Person, Roster } from './people';
import { DEGENERATE_QUOTES, type QuoteForm } from './quotes';

/**
 * The showcase: messages every "full variety" archive must contain at least once — every msgtype of
 * docs/wecom-sdk.md §4 in its official layout (both vote layouts, roomid-less meeting_voice_call/voip_doc_share),
 * every quote form of docs/wecom-sdk.md §7 linked to a real earlier message, recalls, consent events, switch records,
 * unknown and malformed messages, empty md5s, every media fixture, and the hostile chat.
 * They are spread evenly through the archive between the random conversation.
 */
const MEDIA_SENDERS = {
  image: 'sendImage',
  voice: 'sendVoice',
  video: 'sendVideo',
  emotion: 'sendEmotion',
} as const;

export function showcaseRecipes(roster: Roster): Recipe[] {
  const s = roster.special;
  const staff = (chat: Chat): Person => chat.members.find((m) => m.kind === 'internal') as Person;
  const customer = (chat: Chat): Person =>
    (chat.members.find((m) => m.kind === 'external') ?? chat.members[1]) as Person;
  const colleague = (chat: Chat): Person =>
    chat.members.filter((m) => m.kind === 'internal')[1] ?? staff(chat);
  const robotGroup = roster.chats.find(
    (c) => c.kind !== 'single' && !c.hostile && c.members.some((m) => m.kind === 'robot'),
  );
  const robot = robotGroup?.members.find((m) => m.kind === 'robot');
  const disagreeChat = roster.chats.find(
    (c) =>
      c.kind === 'single' &&
      !c.hostile &&
      c.members[1]?.kind === 'external' &&
      c !== s.wechatSingle &&
      c !== s.wecomSingle,
  );
  const rare =
    (kind: RareKind, chat: Chat, from: (c: Chat) => Person = staff): Recipe =>
    (e) =>
      void sendRareKind(e, kind, chat, from(chat));

  /** A media message of one fixture by the engine's sender of its kind. */
  const media =
    (
      kind: 'image' | 'voice' | 'video' | 'emotion',
      chat: Chat,
      from: (c: Chat) => Person,
      fixture: string,
      options: MediaOptions = {},
    ): Recipe =>
    (e) =>
      void e[MEDIA_SENDERS[kind]](chat, from(chat), e.media.get(fixture), options);

  const quoteRecipe =
    (chat: Chat, form: QuoteForm, quoter: (c: Chat) => Person, author: (c: Chat) => Person): Recipe =>
    (e) => {
      // The quoted text equals the earlier message of the same chat from that user, so the app can link them.
      e.sendText(chat, author(chat));
      const target = e.recent(chat).at(-1);
      if (target) e.sendQuote(chat, quoter(chat), form, target);
    };

  const recipes: Recipe[] = [
    (e) => void e.sendText(s.internalSingle, staff(s.internalSingle)),
    (e) =>
      void e.sendText(
        s.internalGroup,
        staff(s.internalGroup),
        `@${colleague(s.internalGroup).name} 报价单链接 https://doc.weixin.qq.com/sheet/e3_AbCdEf123 请在6月10日前确认，总金额¥152,241.60[微笑][捂脸]`,
      ),
    media('image', s.wecomSingle, staff, 'image-photo.jpg'),
    media('image', s.wechatSingle, customer, 'image-screenshot.png'),
    media('image', s.externalGroup, staff, 'image-product.jpg'),
    // The official image sample has msgtime 0.
    media('image', s.externalGroup, customer, 'image-product.jpg', { msgtime: 0 }),
    media('image', s.internalGroup, staff, 'image-photo.jpg', { emptyMd5: true }),
    media('voice', s.wecomSingle, staff, 'voice-cs-dtx.amr'),
    media('voice', s.wecomSingle, staff, 'voice-sales-dtx.amr'),
    media('voice', s.internalSingle, staff, 'voice-short-dtx.amr'),
    media('voice', s.internalGroup, staff, 'voice-invoice-nodtx.amr'),
    media('voice', s.wechatSingle, customer, 'voice-wechat.silk'),
    media('voice', s.wechatSingle, customer, 'voice-cs-dtx.amr', { emptyMd5: true }),
    media('video', s.externalGroup, staff, 'video-short.mp4'),
    media('video', s.wechatSingle, customer, 'video-large.mp4'),
    media('emotion', s.wechatSingle, customer, 'emotion-smile.gif'),
    media('emotion', s.internalGroup, staff, 'emotion-like.png'),
    (e) => void e.sendFile(s.wecomSingle, staff(s.wecomSingle), e.media.get('doc-quote.docx')),
    (e) => void e.sendFile(s.wecomSingle, customer(s.wecomSingle), e.media.get('doc-statement.pdf')),
    (e) => void e.sendFile(s.internalGroup, staff(s.internalGroup), e.media.get('ledger-large.csv')),
    (e) =>
      void e.sendFile(s.internalGroup, colleague(s.internalGroup), e.media.get('minutes.txt'), undefined, {
        emptyMd5: true,
      }),
    (e) =>
      void e.sendFile(
        s.internalSingle,
        staff(s.internalSingle),
        e.media.get('image-photo.jpg'),
        '现场照片.jpg',
      ),
    (e) => void e.sendLink(s.wechatSingle, staff(s.wechatSingle)),
    (e) => void e.sendWeapp(s.wechatSingle, staff(s.wechatSingle)),
    (e) => void e.sendLocation(s.wecomSingle, customer(s.wecomSingle)),
    (e) => void e.sendCard(s.wecomSingle, staff(s.wecomSingle)),
    (e) => void e.sendChatRecord(s.internalSingle, staff(s.internalSingle), false),
    (e) => void e.sendChatRecord(s.internalGroup, staff(s.internalGroup), true),
    (e) => void e.sendMixed(s.externalGroup, customer(s.externalGroup), 5),
    (e) => void e.sendMixed(s.internalSingle, staff(s.internalSingle), 3),
    rare('todo', s.internalGroup),
    rare('vote', s.internalGroup),
    (e) =>
      void e.send(s.allHands, staff(s.allHands), 'vote', voteFields(e.prng, 'nested'), { label: '[投票]' }),
    rare('collect', s.internalGroup),
    rare('redpacket', s.internalSingle),
    rare('redpacket', s.allHands),
    rare('external_redpacket', s.externalGroup, customer),
    rare('meeting', s.internalGroup),
    rare('meeting', s.internalSingle),
    rare('meeting_notification', s.internalGroup),
    rare('docmsg', s.internalGroup),
    rare('calendar', s.internalGroup),
    rare('sphfeed', s.wechatSingle),
    rare('voiptext', s.wechatSingle, customer),
    rare('qydiskfile', s.internalGroup),
    (e) => void sendMeetingVoiceCall(e, s.wechatSingle, customer(s.wechatSingle), e.peekTime()),
    (e) => void sendVoipDocShare(e, s.wecomSingle, staff(s.wecomSingle), e.peekTime()),
    (e) =>
      void e.sendText(
        s.allHands,
        staff(s.allHands),
        '@所有人 本周五下午四点全员大会，地点3楼大会议室，请准时参加[抱拳]',
      ),
    (e) => void e.sendText(s.unresolvedGroup, customer(s.unresolvedGroup)),
    (e) =>
      void e.sendText(s.wecomSingle, staff(s.wecomSingle), '您好，合同已寄出，顺丰单号 SF1403927765512', {
        msgid: e.ids.digitsMsgid(Math.floor(e.peekTime() / 1000), '_updown_stream'),
      }),
    // Consent events from external contacts (docs/wecom-sdk.md §4.2 agree/disagree).
    (e) => void e.sendAgree(s.wecomSingle, customer(s.wecomSingle), true),
    (e) => {
      if (disagreeChat) e.sendAgree(disagreeChat, customer(disagreeChat), false);
    },
    // Recalls: one of an archived message, one of a message sent before the archive began.
    (e) => {
      e.sendText(s.internalSingle, staff(s.internalSingle), '刚才的报价发错了，是1299不是1199');
      e.sendRecall(s.internalSingle, staff(s.internalSingle));
    },
    (e) => void e.sendRecall(s.wecomSingle, staff(s.wecomSingle), e.ids.digitsMsgid(1_700_000_000)),
    (e) => void e.sendSwitch(staff(s.internalGroup)),
    // Types docs/wecom-sdk.md cannot describe (接龙 / 笔记, docs/wecom-sdk.md §4.1): plausible payloads under guessed keys.
    (e) =>
      void e.send(s.internalGroup, staff(s.internalGroup), 'solitaire', {
        solitaire: {
          title: '周五团建报名',
          content: '#接龙\n周五团建报名\n\n1. 张伟 2人\n2. 李娜 1人\n3. 王芳 3人',
          participants: s.internalGroup.members
            .slice(0, 3)
            .map((m, i) => ({ userid: m.id, content: `${i + 1}人`, sequence: i + 1 })),
        },
      }),
    (e) =>
      void e.send(s.internalSingle, staff(s.internalSingle), 'note', {
        note: {
          title: '客户拜访笔记',
          content: '1. 云栖酒店计划Q3改造120间客房\n2. 预算约15万\n3. 下周二复访',
          link_url: 'https://doc.weixin.qq.com/note/abc123',
        },
      }),
    // Malformed: the payload key is missing; a text whose payload sits under an unexpected key.
    (e) => void e.send(s.wecomSingle, customer(s.wecomSingle), 'image', {}, { label: '[图片]' }),
    (e) =>
      void e.send(s.internalSingle, staff(s.internalSingle), 'text', {
        info: { content: '载荷放在了 info 里' },
      }),
    // Quoted replies in every form, plus a quote of a picture and the degenerate ones.
    quoteRecipe(s.wecomSingle, 'zh-ascii', customer, staff),
    quoteRecipe(s.wecomSingle, 'zh-curly', staff, customer),
    quoteRecipe(s.internalGroup, 'zh-ascii-halfcolon', colleague, staff),
    quoteRecipe(s.internalSingle, 'zh-curly-halfcolon', staff, colleague),
    quoteRecipe(s.internalSingle, 'en', colleague, staff),
    quoteRecipe(s.wechatSingle, 'wechat', customer, staff),
    quoteRecipe(s.externalGroup, 'zh-curly', staff, customer),
    (e) => {
      e.sendImage(s.wecomSingle, customer(s.wecomSingle), e.media.get('image-screenshot.png'));
      const target = e.recent(s.wecomSingle).at(-1);
      if (target) e.sendQuote(s.wecomSingle, staff(s.wecomSingle), 'zh-ascii', target);
    },
    ...DEGENERATE_QUOTES.map(
      (text): Recipe =>
        (e) =>
          void e.sendText(s.internalGroup, colleague(s.internalGroup), text),
    ),
    // A chatrecord whose item is a ChatRecordMixed with media, and a chatrecord item that nests another record.
    (e) => {
      const t = e.peekTime();
      const sec = Math.floor(t / 1000);
      const inner = e.chatRecordItems(sec - 9000, 2, false);
      e.send(
        s.wechatSingle,
        staff(s.wechatSingle),
        'chatrecord',
        {
          chatrecord: {
            title: '客户群的聊天记录',
            item: [
              chatRecordItem('ChatRecordMixed', sec - 600, { item: e.mixedItems(3) }, true),
              chatRecordItem('chatrecord', sec - 500, { title: '转发的聊天记录', item: inner }, true),
              chatRecordItem(
                'ChatRecordVideo',
                sec - 400,
                videoPayload(e.issue(e.media.get('video-short.mp4'))),
                true,
              ),
            ],
          },
        },
        { msgtime: t },
      );
    },
  ];
  if (robotGroup && robot) {
    recipes.push(
      rare('markdown', robotGroup, () => robot),
      rare('news', robotGroup, () => robot),
    );
    recipes.push(
      (e) =>
        void e.sendText(
          robotGroup,
          robot,
          '【发货通知】订单 SO20240603-0147 已由顺丰发出，单号 SF1403927765512',
        ),
    );
  }
  recipes.push(...hostileRecipes(s.hostileSingle, s.hostileGroup));
  return recipes;
}
