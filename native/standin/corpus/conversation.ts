import type { ArchiveClock } from './archiveClock';
import {
  EMOJI_CODES,
  SAMPLE_CITIES,
  pickLine,
  randomUrl,
  type LineContext,
  type Voice,
  type Scenario,
} from './content';
import type { IdFactory } from './ids';
import type { IssuedMedia, MediaAsset, MediaIssuer, MediaLibrary } from './media';
import {
  chatRecordItem,
  emotionPayload,
  filePayload,
  imagePayload,
  mediaItemPayload,
  messageBody,
  mixedItem,
  switchBody,
  videoPayload,
  voicePayload,
  withRawControlCharacters,
  type ChatRecordItem,
  type Header,
  type MixedItem,
} from './messages';
import type { Chat, Person, Roster } from './people';
import type { Prng } from './prng';
import { formatQuote, type QuoteForm } from './quotes';
import type { MessageFileWriter } from './writer';

/**
 * The message engine of one corp: allocates seq / msgid / msgtime / publickey_ver, writes each body to
 * messages.bin, remembers a little recent history per chat (for quotes and recalls that point at real
 * earlier messages), and tracks consent events for api.json.
 */

export class BudgetExhausted extends Error {}

export interface HistoryEntry {
  msgid: string;
  from: Person;
  msgtime: number;
  /** Text a later quote can repeat verbatim, or null. */
  text: string | null;
  /** How a quote shows a non-text message ("[图片]"). */
  label: string;
  recalled: boolean;
}

export interface SendOptions {
  msgid?: string;
  action?: 'send' | 'recall';
  omitRoomid?: boolean;
  tolist?: string[];
  msgtime?: number;
  quick?: boolean;
  text?: string;
  label?: string;
  rawControls?: boolean;
  remember?: boolean;
}

export interface ConsentRecord {
  userid: string;
  externalUserid: string;
  status: 'Agree' | 'Disagree';
  /** Unix seconds. */
  time: number;
}

const HISTORY_LENGTH = 16;

export interface EngineDeps {
  prng: Prng;
  ids: IdFactory;
  clock: ArchiveClock;
  media: MediaLibrary;
  issuer: MediaIssuer;
  sink: MessageFileWriter;
  roster: Roster;
  firstSeq: bigint;
  total: number;
  keyVersions: number[];
}

/**
 * The kinds sendRandom sends with nothing but the chat and the sender, each by the engine method it names
 * (their other parameters keep their defaults, which draw from the PRNG in the method).
 */
const PLAIN_SENDERS = {
  image: 'sendImage',
  voice: 'sendVoice',
  video: 'sendVideo',
  emotion: 'sendEmotion',
  file: 'sendFile',
  link: 'sendLink',
  location: 'sendLocation',
  card: 'sendCard',
  weapp: 'sendWeapp',
  mixed: 'sendMixed',
} as const satisfies Record<string, keyof ConversationEngine>;
type PlainKind = keyof typeof PLAIN_SENDERS;
const isPlainKind = (kind: string): kind is PlainKind => Object.hasOwn(PLAIN_SENDERS, kind);

/** Options of a media message: `emptyMd5` decides whether its md5sum is empty (else drawn at a small rate). */
export type MediaOptions = SendOptions & { emptyMd5?: boolean };

/** The item type a chat record gives each kind of forwarded message (docs/wecom-sdk.md §4.2). */
const CHAT_RECORD_ITEM_TYPES = {
  text: 'ChatRecordText',
  image: 'ChatRecordImage',
  file: 'ChatRecordFile',
  voice: 'ChatRecordVoice',
  link: 'ChatRecordLink',
  location: 'ChatRecordLocation',
  mixed: 'ChatRecordMixed',
} as const;

export class ConversationEngine {
  sent = 0;
  readonly msgtypes = new Map<string, number>();
  readonly consent = new Map<string, ConsentRecord>();
  private readonly history: HistoryEntry[][];
  private lastMsgtime = 0;
  private readonly rotationPoints: number[];
  readonly prng: Prng;
  readonly roster: Roster;

  constructor(private readonly deps: EngineDeps) {
    this.prng = deps.prng;
    this.roster = deps.roster;
    this.history = deps.roster.chats.map(() => []);
    this.rotationPoints = keyRotationPoints(deps.total, deps.keyVersions.length);
  }

  get remaining(): number {
    return this.deps.total - this.sent;
  }

  get lastSeq(): bigint {
    return this.deps.firstSeq + BigInt(Math.max(0, this.sent - 1));
  }

  // ---------- low level ----------

  /** The next message time; `issue*` helpers need it before the body is built. */
  peekTime(quick = false): number {
    const t = this.deps.clock.next(quick);
    this.lastMsgtime = t;
    return t;
  }

  tolist(chat: Chat, from: Person): string[] {
    return chat.members.filter((m) => m !== from).map((m) => m.id);
  }

  msgidFor(chat: Chat | null, unixSeconds: number): string {
    const external = chat !== null && chat.members.some((m) => m.kind !== 'internal');
    const r = this.prng.float();
    if (external && r < 0.01) return this.deps.ids.digitsMsgid(unixSeconds, '_updown_stream');
    if (external && r < 0.36) return this.deps.ids.digitsMsgid(unixSeconds, '_external');
    return r < 0.68 ? this.deps.ids.digitsMsgid(unixSeconds) : this.deps.ids.protobufMsgid(unixSeconds);
  }

  /** Builds, writes and remembers one message; throws BudgetExhausted when the corp is full. */
  send(
    chat: Chat,
    from: Person,
    msgtype: string,
    fields: Record<string, unknown>,
    options: SendOptions = {},
  ): Header {
    if (this.remaining <= 0) throw new BudgetExhausted();
    const msgtime = options.msgtime ?? this.peekTime(options.quick);
    const header: Header = {
      msgid: options.msgid ?? this.msgidFor(chat, Math.floor((msgtime || this.lastMsgtime) / 1000)),
      action: options.action ?? 'send',
      from: from.id,
      tolist: options.tolist ?? this.tolist(chat, from),
      roomid: options.omitRoomid ? null : chat.roomid,
      msgtime,
    };
    let body = messageBody(header, msgtype, fields);
    if (options.rawControls) body = withRawControlCharacters(body);
    this.write(header.msgid, body, msgtype);
    chat.started = true;
    if (options.remember !== false) {
      this.remember(chat, {
        msgid: header.msgid,
        from,
        msgtime,
        text: options.text ?? null,
        label: options.label ?? `[${msgtype}]`,
        recalled: false,
      });
    }
    return header;
  }

  sendSwitch(user: Person): void {
    if (this.remaining <= 0) throw new BudgetExhausted();
    const msgid = this.deps.ids.switchMsgid();
    this.write(msgid, switchBody(msgid, this.peekTime(), user.id), 'switch');
  }

  /** Writes a body exactly as given (malformed payloads); `msgid` must match the body's. */
  sendRaw(msgid: string, body: string, countAs: string): void {
    if (this.remaining <= 0) throw new BudgetExhausted();
    this.write(msgid, body, countAs);
  }

  private write(msgid: string, body: string, countAs: string): void {
    const index = this.sent;
    const seq = this.deps.firstSeq + BigInt(index);
    this.deps.sink.write(seq, this.keyVersionAt(index), msgid, body);
    this.sent++;
    this.msgtypes.set(countAs, (this.msgtypes.get(countAs) ?? 0) + 1);
  }

  private keyVersionAt(index: number): number {
    let v = 0;
    while (v < this.rotationPoints.length && index >= (this.rotationPoints[v] as number)) v++;
    return this.deps.keyVersions[v] as number;
  }

  private remember(chat: Chat, entry: HistoryEntry): void {
    const list = this.history[chat.index] as HistoryEntry[];
    list.push(entry);
    if (list.length > HISTORY_LENGTH) list.shift();
  }

  recent(chat: Chat): readonly HistoryEntry[] {
    return this.history[chat.index] as HistoryEntry[];
  }

  issue(asset: MediaAsset, options: { emptyMd5?: boolean } = {}): IssuedMedia {
    return this.deps.issuer.issue(asset, Math.floor(this.lastMsgtime / 1000), options);
  }

  get media(): MediaLibrary {
    return this.deps.media;
  }

  get ids(): IdFactory {
    return this.deps.ids;
  }

  // ---------- message kinds ----------

  lineContext(chat: Chat, from: Person): LineContext {
    const others = chat.members.filter((m) => m !== from);
    const peer =
      chat.kind === 'single' ? (others[0] ?? from) : this.prng.pick(others.length > 0 ? others : [from]);
    return { peer: peer.addressAs, me: from.name };
  }

  voiceOf(from: Person): Voice {
    return from.kind === 'internal' ? 'staff' : 'customer';
  }

  /** A plain text line in the chat's scenario, with @mentions in groups. */
  composeText(chat: Chat, from: Person): string {
    const scenario = from.kind === 'robot' ? 'team' : chat.scenario;
    let text = pickLine(this.prng, scenario, this.voiceOf(from), this.lineContext(chat, from));
    if (chat.kind !== 'single') {
      const others = chat.members.filter((m) => m !== from && m.kind !== 'robot');
      if (others.length > 0 && this.prng.chance(0.15)) text = `@${this.prng.pick(others).name} ${text}`;
      else if (from.kind === 'internal' && this.prng.chance(0.02)) text = `@所有人 ${text}`;
    }
    return text;
  }

  sendText(chat: Chat, from: Person, text = this.composeText(chat, from), options: SendOptions = {}): Header {
    return this.send(chat, from, 'text', { text: { content: text } }, { text, label: text, ...options });
  }

  /** A quoted reply to an earlier message of the same chat (docs/wecom-sdk.md §7), or a plain text without history. */
  sendQuote(chat: Chat, from: Person, form?: QuoteForm, target?: HistoryEntry): Header {
    const candidates = this.recent(chat).filter(
      (e) => !e.recalled && (e.text !== null || e.label.startsWith('[')),
    );
    const quoted = target ?? (candidates.length > 0 ? this.prng.pick(candidates) : undefined);
    if (!quoted) return this.sendText(chat, from);
    const chosenForm = form ?? this.quoteFormFor(from);
    const reply = pickLine(this.prng, chat.scenario, this.voiceOf(from), this.lineContext(chat, from));
    const text = formatQuote(chosenForm, quoted.from.name, quoted.text ?? quoted.label, reply);
    return this.send(chat, from, 'text', { text: { content: text } }, { quick: true, label: reply });
  }

  private quoteFormFor(from: Person): QuoteForm {
    if (from.externalType === 1 && this.prng.chance(0.6)) return 'wechat';
    return this.prng.weighted<QuoteForm>([
      ['zh-ascii', 45],
      ['zh-curly', 30],
      ['zh-ascii-halfcolon', 8],
      ['zh-curly-halfcolon', 7],
      ['en', 10],
    ]);
  }

  /** Recalls one of the sender's recent messages (action recall, msgtype revoke, docs/wecom-sdk.md §4.2). */
  sendRecall(chat: Chat, from: Person, preMsgid?: string): Header | null {
    let target = preMsgid;
    if (!target) {
      const own = this.recent(chat).filter((e) => e.from === from && !e.recalled);
      const entry = own.at(-1);
      if (!entry) return null;
      entry.recalled = true;
      target = entry.msgid;
    }
    return this.send(
      chat,
      from,
      'revoke',
      { revoke: { pre_msgid: target } },
      { action: 'recall', quick: true, remember: false },
    );
  }

  sendImage(chat: Chat, from: Person, asset = this.pickAsset('image'), options: MediaOptions = {}): Header {
    return this.sendAsset(chat, from, 'image', asset, options, '[图片]', imagePayload);
  }

  sendVoice(chat: Chat, from: Person, asset?: MediaAsset, options: MediaOptions = {}): Header {
    return this.sendAsset(
      chat,
      from,
      'voice',
      asset ?? this.pickVoice(from),
      options,
      '[语音]',
      voicePayload,
    );
  }

  sendVideo(chat: Chat, from: Person, asset = this.pickAsset('video'), options: MediaOptions = {}): Header {
    return this.sendAsset(chat, from, 'video', asset, options, '[视频]', videoPayload);
  }

  sendEmotion(
    chat: Chat,
    from: Person,
    asset = this.pickAsset('emotion'),
    options: SendOptions = {},
  ): Header {
    return this.sendAsset(chat, from, 'emotion', asset, options, '[动画表情]', emotionPayload);
  }

  sendFile(
    chat: Chat,
    from: Person,
    asset = this.pickAsset('file'),
    filename?: string,
    options: MediaOptions & { fileext?: string } = {},
  ): Header {
    const name = filename ?? asset.displayName;
    const { fileext } = options;
    return this.sendAsset(chat, from, 'file', asset, options, `[文件] ${name}`, (issued) =>
      fileext === undefined ? filePayload(issued, name) : filePayload(issued, name, fileext),
    );
  }

  /**
   * One media message: its time is drawn (unless given), the asset is issued to the media server at that
   * time, and the message carries the payload made from the issued file under the field named like its
   * msgtype.
   */
  sendAsset(
    chat: Chat,
    from: Person,
    msgtype: 'image' | 'voice' | 'video' | 'emotion' | 'file',
    asset: MediaAsset,
    options: MediaOptions,
    label: string,
    payload: (issued: IssuedMedia) => unknown,
  ): Header {
    const msgtime = options.msgtime ?? this.peekTime(options.quick);
    const issued = this.issue(asset, emptyMd5Option(options));
    return this.send(chat, from, msgtype, { [msgtype]: payload(issued) }, { label, ...options, msgtime });
  }

  pickAsset(kind: 'image' | 'video' | 'emotion' | 'file'): MediaAsset {
    const assets = this.deps.media.ofKind(kind);
    // The 3 MB ledger is there to exercise chunking, not to dominate every corpus.
    if (kind === 'file' && this.prng.chance(0.85))
      return this.prng.pick(assets.filter((a) => a.size < 1 << 20));
    if (kind === 'video' && this.prng.chance(0.7)) return this.deps.media.get('video-short.mp4');
    return this.prng.pick(assets);
  }

  /** WeChat users' voices arrive as SILK sometimes; WeCom members record AMR (docs/platform-facts.md §4). */
  pickVoice(from: Person): MediaAsset {
    if (from.externalType === 1 && this.prng.chance(0.3)) return this.deps.media.get('voice-wechat.silk');
    return this.prng.pick(this.deps.media.ofKind('voice').filter((a) => a.ext === 'amr'));
  }

  sendLink(chat: Chat, from: Person): Header {
    const link = this.prng.pick([
      { title: '星河智能门锁 X2 产品手册', description: '指纹、密码、NFC、App 多种开锁方式，一图看懂' },
      { title: '邀请你加入群聊', description: '技术支持群，进入可查看详情' },
      { title: '2024 智能家居行业白皮书', description: '市场规模、渠道变化与用户洞察' },
      { title: '售后服务政策（2024版）', description: '三年质保，全国联保，上门安装' },
      { title: '【直播回放】新品发布会', description: '点击观看完整回放' },
    ]);
    const payload = {
      title: link.title,
      description: link.description,
      link_url: randomUrl(this.prng),
      image_url: `https://wework.qpic.cn/wwpic/${this.ids.hex(12)}/0`,
    };
    return this.send(chat, from, 'link', { link: payload }, { label: `[链接] ${link.title}` });
  }

  sendLocation(chat: Chat, from: Person): Header {
    const city = this.prng.pick(SAMPLE_CITIES);
    const payload = {
      longitude: round9(116 + this.prng.float() * 6),
      latitude: round9(28 + this.prng.float() * 12),
      address: `${city}市${this.prng.pick(['西湖区文三路90号', '浦东新区张江路88号', '南山区科技园南区', '高新区天府大道1700号'])}`,
      title: this.prng.pick(['星河科技大厦', '云栖酒店', '客户公司前台', '万象城停车场入口']),
      zoom: 15,
    };
    return this.send(chat, from, 'location', { location: payload }, { label: `[位置] ${payload.title}` });
  }

  sendCard(chat: Chat, from: Person): Header {
    const card = this.prng.pick([...this.roster.internal.slice(0, 5), ...this.roster.external.slice(0, 5)]);
    const corpname =
      card.kind === 'internal' ? '星河科技' : card.externalType === 1 ? '微信联系人' : (card.corpName ?? '');
    return this.send(chat, from, 'card', { card: { corpname, userid: card.id } }, { label: '[名片]' });
  }

  sendWeapp(chat: Chat, from: Person): Header {
    const app = this.prng.pick([
      {
        title: '开始聊天前请仔细阅读服务须知事项',
        description: '客户需同意存档聊天记录',
        username: 'gh_2a9c1b7e5f31@app',
        displayname: '服务须知',
      },
      {
        title: '星河商城 - 智能门锁限时特惠',
        description: '下单立减200元',
        username: 'gh_7d1e0f4c2b88@app',
        displayname: '星河商城',
      },
      {
        title: '预约上门安装',
        description: '选择时间，师傅上门',
        username: 'gh_51c0aa9e6d12@app',
        displayname: '星河服务',
      },
    ]);
    return this.send(chat, from, 'weapp', { weapp: app }, { label: `[小程序] ${app.displayname}` });
  }

  /** Forwarded chat history; item msgtime in SECONDS and content as a JSON string (docs/wecom-sdk.md §4.2). */
  sendChatRecord(chat: Chat, from: Person, nested = false): Header {
    const t = this.peekTime();
    const base = Math.floor(t / 1000) - this.prng.int(3600, 86400 * 3);
    const items = this.chatRecordItems(base, nested ? 6 : this.prng.int(2, 5), nested);
    const title =
      chat.kind === 'single'
        ? `${chat.members[0]?.name ?? ''}和${chat.members[1]?.name ?? ''}的聊天记录`
        : '群聊';
    return this.send(
      chat,
      from,
      'chatrecord',
      { chatrecord: { title, item: items } },
      { msgtime: t, label: '[聊天记录]' },
    );
  }

  chatRecordItems(baseSeconds: number, count: number, withNestedAndMedia: boolean): ChatRecordItem[] {
    const fromChatroom = this.prng.chance(0.5);
    const items: ChatRecordItem[] = [];
    let t = baseSeconds;
    const scenario: Scenario = this.prng.pick(['sales', 'service', 'finance'] as const);
    for (let i = 0; i < count; i++) {
      t += this.prng.int(5, 600);
      const kind = withNestedAndMedia
        ? (['text', 'image', 'mixed', 'chatrecord', 'file', 'voice'] as const)[i % 6]
        : this.prng.weighted<'text' | 'image' | 'link' | 'location'>([
            ['text', 8],
            ['image', 2],
            ['link', 1],
            ['location', 1],
          ]);
      if (kind === undefined) continue;
      items.push(
        kind === 'chatrecord'
          ? // A forwarded record inside a forwarded record.
            chatRecordItem(
              'chatrecord',
              t,
              { title: '群聊的聊天记录', item: this.chatRecordItems(t - 7200, 3, false) },
              true,
            )
          : chatRecordItem(
              CHAT_RECORD_ITEM_TYPES[kind],
              t,
              this.chatRecordContent(kind, scenario),
              fromChatroom,
            ),
      );
    }
    return items;
  }

  /** The content of one chat-record item of a kind, drawn in the order the corpus has always drawn it. */
  chatRecordContent(kind: keyof typeof CHAT_RECORD_ITEM_TYPES, scenario: Scenario): Record<string, unknown> {
    switch (kind) {
      case 'text':
        return {
          content: pickLine(this.prng, scenario, this.prng.chance(0.5) ? 'staff' : 'customer', {
            peer: '您',
            me: '我',
          }),
        };
      case 'image':
        return imagePayload(this.issue(this.pickAsset('image')));
      case 'file':
        return filePayload(this.issue(this.pickAsset('file')));
      case 'voice':
        return voicePayload(this.issue(this.deps.media.get('voice-short-dtx.amr')));
      case 'link':
        return {
          title: '售后服务政策（2024版）',
          description: '三年质保，全国联保',
          link_url: randomUrl(this.prng),
          image_url: '',
        };
      case 'location':
        return {
          longitude: 120.130203,
          latitude: 30.259244,
          address: '杭州市西湖区文三路90号',
          title: '星河科技大厦',
          zoom: 15,
        };
      case 'mixed':
        return { item: this.mixedItems(3) };
    }
  }

  mixedItems(count: number): MixedItem[] {
    const items: MixedItem[] = [
      mixedItem('text', {
        content: `${pickLine(this.prng, 'service', 'customer', { peer: '您', me: '我' })}\n`,
      }),
    ];
    const kinds = ['image', 'emotion', 'file', 'video', 'voice', 'text'] as const;
    for (let i = 1; i < count; i++) {
      const kind = kinds[
        (i - 1 + this.prng.int(0, kinds.length - 1)) % kinds.length
      ] as (typeof kinds)[number];
      if (kind === 'text')
        items.push(mixedItem('text', { content: this.prng.pick(EMOJI_CODES) + '看下这个' }));
      else if (kind === 'voice')
        items.push(
          mixedItem(
            'voice',
            mediaItemPayload('voice', this.issue(this.deps.media.get('voice-short-dtx.amr'))),
          ),
        );
      else items.push(mixedItem(kind, mediaItemPayload(kind, this.issue(this.pickAsset(kind)))));
    }
    return items;
  }

  sendMixed(chat: Chat, from: Person, itemCount = this.prng.int(2, 4)): Header {
    const t = this.peekTime();
    return this.send(
      chat,
      from,
      'mixed',
      { mixed: { item: this.mixedItems(itemCount) } },
      { msgtime: t, label: '[图文]' },
    );
  }

  sendAgree(chat: Chat, external: Person, agree: boolean): Header {
    const internal = chat.members.find((m) => m.kind === 'internal');
    if (!internal) throw new Error('consent events need an internal member');
    const t = this.peekTime();
    const msgtype = agree ? 'agree' : 'disagree';
    const payload = agree
      ? { userid: external.id, agree_time: t }
      : { userid: external.id, disagree_time: t };
    const header = this.send(
      chat,
      external,
      msgtype,
      { [msgtype]: payload },
      { msgtime: t, tolist: [internal.id], remember: false },
    );
    this.consent.set(`${internal.id}\u0000${external.id}`, {
      userid: internal.id,
      externalUserid: external.id,
      status: agree ? 'Agree' : 'Disagree',
      time: Math.floor(t / 1000),
    });
    if (!agree) chat.closed = true;
    return header;
  }

  /** One message of a kind chosen for this sender and chat (the bulk of every archive). */
  sendRandom(chat: Chat, from: Person): void {
    const kind = this.prng.weighted(kindWeights(chat, from));
    switch (kind) {
      case 'text':
        this.sendText(chat, from, this.composeText(chat, from), { quick: this.prng.chance(0.5) });
        return;
      case 'rawtext': {
        // Real decrypted payloads sometimes hold raw control characters inside strings (docs/wecom-sdk.md §1.6).
        const text = `${this.composeText(chat, from)}\t\u0001`;
        this.sendText(chat, from, text, { rawControls: true });
        return;
      }
      case 'quote':
        this.sendQuote(chat, from);
        return;
      case 'recall':
        if (!this.sendRecall(chat, from)) this.sendText(chat, from);
        return;
      case 'chatrecord':
        this.sendChatRecord(chat, from, this.prng.chance(0.1));
        return;
      case 'disagree':
        this.sendAgree(chat, from, false);
        return;
      case 'switch':
        this.sendSwitch(from);
        return;
      default:
        if (isPlainKind(kind)) this[PLAIN_SENDERS[kind]](chat, from);
        else sendRareKind(this, kind, chat, from);
    }
  }
}

/** The inbox label of each less frequent type (what a conversation preview shows for it). */
const RARE_LABELS = {
  docmsg: '[在线文档]',
  markdown: '[markdown]',
  news: '[图文消息]',
  calendar: '[日程]',
  meeting: '[会议邀请]',
  meeting_notification: '[会议通知]',
  todo: '[待办]',
  vote: '[投票]',
  collect: '[填表]',
  redpacket: '[红包]',
  external_redpacket: '[红包]',
  sphfeed: '[视频号]',
  voiptext: '[音视频通话]',
  qydiskfile: '[微盘文件]',
} as const satisfies Partial<Record<RareKind, string>>;

/** Less frequent types, shared with the showcase (one function per docs/wecom-sdk.md §4.2 sample). */
export function sendRareKind(engine: ConversationEngine, kind: RareKind, chat: Chat, from: Person): Header {
  const t = engine.peekTime();
  if (kind === 'meeting_voice_call') return sendMeetingVoiceCall(engine, chat, from, t);
  if (kind === 'voip_doc_share') return sendVoipDocShare(engine, chat, from, t);
  return engine.send(chat, from, kind, rareFields(engine, kind, chat, from, t), {
    msgtime: t,
    label: RARE_LABELS[kind],
  });
}

/** The fields of a less frequent type's message sent at `t` (ms), drawn from the engine's PRNG. */
function rareFields(
  engine: ConversationEngine,
  kind: keyof typeof RARE_LABELS,
  chat: Chat,
  from: Person,
  t: number,
): Record<string, unknown> {
  const prng = engine.prng;
  const seconds = Math.floor(t / 1000);
  const others = chat.members.filter((m) => m !== from);
  const names = others.slice(0, 3).map((m) => m.name);
  switch (kind) {
    case 'docmsg':
      return {
        doc: {
          title: prng.pick(['客户跟进表', '测试&演示客户', '2024Q2 销售目标拆解', '门锁安装排期']),
          doc_creator: from.id,
          link_url: `https://doc.weixin.qq.com/txdoc/excel?docid=${engine.ids.hex(24)}`,
        },
      };
    case 'markdown':
      return {
        info: {
          content: `**今日销售日报**\n> 新增订单：<font color="info">${prng.int(3, 40)}</font> 笔\n> 销售额：¥${prng.int(10, 900)},${String(prng.int(0, 999)).padStart(3, '0')}\n请前往[系统](https://crm.example.com/report)查看，谢谢。`,
        },
      };
    case 'news':
      return {
        info: {
          item: [
            {
              title: prng.pick(['发货通知', '本周行业资讯', '新品上市']),
              description: `订单 SO${seconds} 已发货`,
              url: randomUrl(prng),
              picurl: 'https://www.example.com/cover.jpg',
            },
          ],
        },
      };
    case 'calendar':
      return {
        calendar: {
          title: prng.pick(['业绩复盘会', '客户拜访：云栖酒店', '新品培训', '季度对账']),
          creatorname: from.name,
          attendeename: names,
          starttime: seconds + 7200,
          endtime: seconds + 10800,
          place: prng.pick(['3楼大会议室', '腾讯会议', '']),
          remarks: '',
        },
      };
    case 'meeting':
      return { meeting: meetingPayload(prng, seconds, prng.chance(0.5) ? 101 : 102) };
    case 'meeting_notification':
      return {
        info: {
          meeting_id: prng.int(1_000_000_000, 1_999_999_999),
          notification_type: prng.int(1, 3),
          content: `${from.name}邀请你加入会议「周例会」`,
        },
      };
    case 'todo':
      return {
        todo: {
          title: prng.pick(['客户回访', '报价单确认', '发票寄送']),
          content: `${prng.pick(['周五前', '明天上午', '本周内'])}完成${prng.pick(['云栖酒店', '禾丰物业', '锦江公寓'])}的${prng.pick(['合同审核', '安装排期', '尾款催收'])}`,
        },
      };
    case 'vote':
      return voteFields(prng, 'top-level');
    case 'collect':
      return { collect: collectPayload(chat, from, t) };
    case 'redpacket':
      return {
        redpacket: {
          type: chat.kind === 'single' ? 1 : prng.pick([2, 3]),
          wish: '恭喜发财，大吉大利',
          totalcnt: chat.kind === 'single' ? 1 : prng.int(2, 10),
          totalamount: prng.pick([88, 666, 888, 1000, 3000, 6666]),
        },
      };
    case 'external_redpacket':
      return {
        redpacket: {
          type: prng.pick([1, 2]),
          wish: '恭喜发财，大吉大利',
          totalcnt: prng.int(1, 5),
          totalamount: prng.pick([20, 88, 200, 520]),
        },
      };
    case 'sphfeed':
      return {
        sphfeed: {
          feed_type: prng.pick([2, 4, 9]),
          sph_name: prng.pick(['星河科技官方', '云游天地旅行家', '智能家居测评']),
          feed_desc: prng.pick([
            '瑞士丨盖尔默缆车，名副其实的过山车~\n\n#旅行#风景#热门',
            '三分钟看懂智能门锁怎么选 #智能家居',
            '新品发布会直播中',
          ]),
        },
      };
    case 'voiptext':
      return {
        voiptext: {
          callduration: prng.int(5, 1800),
          invitetype: chat.kind === 'single' ? prng.pick([1, 2]) : prng.pick([3, 4]),
        },
      };
    case 'qydiskfile':
      return {
        info: {
          filename: prng.pick(['季度报告.pdf', '产品图册2024.pptx', '客户名单.xlsx', '安装手册.docx']),
        },
      };
  }
}

/** 音频存档: top-level `voiceid`, roomid ABSENT, media without md5/size (docs/wecom-sdk.md §4.2). */
export function sendMeetingVoiceCall(
  engine: ConversationEngine,
  chat: Chat,
  from: Person,
  t: number,
): Header {
  const seconds = Math.floor(t / 1000);
  const issued = engine.issue(engine.media.get('voice-invoice-nodtx.amr'));
  const start = seconds - Math.ceil((issued.asset.durationMs ?? 0) / 1000);
  const payload = {
    endtime: seconds,
    sdkfileid: issued.sdkfileid,
    demofiledata: [
      {
        filename: `${engine.ids.hex(32)}.docx`,
        demooperator: from.id,
        starttime: start + 3,
        endtime: start + 10,
      },
    ],
    sharescreendata: [{ share: from.id, starttime: start + 12, endtime: start + 12 }],
  };
  return sendCallRecord(engine, chat, from, t, 'meeting_voice_call', 'voiceid', payload, '[音频存档]');
}

/** 音频共享文档: top-level `voipid`, roomid ABSENT. */
export function sendVoipDocShare(engine: ConversationEngine, chat: Chat, from: Person, t: number): Header {
  const issued = engine.issue(engine.media.get('doc-statement.pdf'));
  const payload = {
    filename: '欢迎使用微盘.pdf.pdf',
    md5sum: issued.md5sum,
    filesize: issued.asset.size,
    sdkfileid: issued.sdkfileid,
  };
  return sendCallRecord(engine, chat, from, t, 'voip_doc_share', 'voipid', payload, '[共享文档]');
}

/** A call's record: the call's id at the top level (`voiceid` / `voipid`) and roomid absent. */
function sendCallRecord(
  engine: ConversationEngine,
  chat: Chat,
  from: Person,
  t: number,
  msgtype: 'meeting_voice_call' | 'voip_doc_share',
  idField: 'voiceid' | 'voipid',
  payload: Record<string, unknown>,
  label: string,
): Header {
  const fields = { [idField]: `gr${engine.ids.hex(32)}`, [msgtype]: payload };
  return engine.send(chat, from, msgtype, fields, { msgtime: t, omitRoomid: true, label });
}

export function voteFields(prng: Prng, layout: 'top-level' | 'nested'): Record<string, unknown> {
  const fields = {
    votetitle: prng.pick(['团建去哪里？', '周会时间调整', '年会节目投票', '午餐订哪家']),
    voteitem: prng.pick([
      ['西湖', '千岛湖', '莫干山'],
      ['周一上午', '周五下午'],
      ['小品', '合唱', '魔术', '相声'],
      ['麦当劳', '食堂', '沙县小吃'],
    ]),
    votetype: prng.pick([101, 102]),
    voteid: String(prng.int(1_000_000_000, 2_999_999_999)),
  };
  return layout === 'top-level' ? fields : { vote: fields };
}

function meetingPayload(prng: Prng, seconds: number, meetingtype: 101 | 102): Record<string, unknown> {
  const start = seconds + prng.int(1, 48) * 1800;
  const payload: Record<string, unknown> = {
    topic: prng.pick(['夕会', '周例会', '客户方案评审', '新品培训', '季度复盘']),
    starttime: start,
    endtime: start + 3600,
    address: prng.pick(['', '3楼大会议室', '腾讯会议']),
    remarks: '',
    meetingtype,
    meetingid: prng.int(1_000_000_000, 1_999_999_999),
  };
  if (meetingtype === 102) payload['status'] = prng.int(1, 7);
  return payload;
}

function collectPayload(chat: Chat, from: Person, t: number): Record<string, unknown> {
  const d = new Date(t + 8 * 3600_000);
  const created = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return {
    room_name: chat.name,
    creator: from.id,
    create_time: created,
    title: '团建报名表',
    details: [
      { id: 1, ques: '姓名', type: 'Text' },
      { id: 2, ques: '同行人数', type: 'Number' },
      { id: 3, ques: '出发日期', type: 'Date' },
      { id: 4, ques: '集合时间', type: 'Time' },
    ],
  };
}

export type RareKind =
  | 'docmsg'
  | 'markdown'
  | 'news'
  | 'calendar'
  | 'meeting'
  | 'meeting_notification'
  | 'todo'
  | 'vote'
  | 'collect'
  | 'redpacket'
  | 'external_redpacket'
  | 'sphfeed'
  | 'voiptext'
  | 'meeting_voice_call'
  | 'voip_doc_share'
  | 'qydiskfile';

type Kind =
  | RareKind
  | 'text'
  | 'rawtext'
  | 'quote'
  | 'recall'
  | 'image'
  | 'voice'
  | 'video'
  | 'emotion'
  | 'file'
  | 'link'
  | 'location'
  | 'card'
  | 'weapp'
  | 'chatrecord'
  | 'mixed'
  | 'disagree'
  | 'switch';

const ROBOT_WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
  ['text', 30],
  ['markdown', 40],
  ['news', 30],
];

const weightCache = new Map<string, ReadonlyArray<readonly [Kind, number]>>();

/** Relative frequencies per sender and chat kind (roughly what a sales/service archive looks like). */
function kindWeights(chat: Chat, from: Person): ReadonlyArray<readonly [Kind, number]> {
  if (from.kind === 'robot') return ROBOT_WEIGHTS;
  const single = chat.kind === 'single';
  const externalChat = chat.members.some((m) => m.kind === 'external');
  const key = `${from.kind}|${from.externalType ?? 0}|${chat.kind}|${externalChat}`;
  const cached = weightCache.get(key);
  if (cached) return cached;
  const internal = from.kind === 'internal';
  const weights: Array<readonly [Kind, number]> = [
    ['text', internal ? 690 : 720],
    ['rawtext', 2],
    ['quote', 22],
    ['recall', 7],
    ['image', internal ? 60 : 80],
    ['emotion', internal ? 35 : 50],
    ['voice', internal ? 30 : 45],
    ['file', internal ? 22 : 12],
    ['video', internal ? 10 : 12],
    ['link', internal ? 14 : 10],
    ['location', internal ? 5 : 8],
    ['card', internal ? 5 : 3],
    ['weapp', internal ? 4 : 3],
    ['chatrecord', internal ? 8 : 5],
    ['mixed', internal ? 8 : 4],
    ['docmsg', internal ? 6 : 0],
    ['calendar', internal ? 3 : 0],
    ['meeting', internal ? 3 : 0],
    ['meeting_notification', internal ? 1 : 0],
    ['todo', internal ? 2 : 0],
    ['vote', internal && !single ? 2 : 0],
    ['collect', internal && !single ? 1 : 0],
    ['redpacket', internal ? 3 : 0],
    ['external_redpacket', !internal && !single ? 2 : 0],
    ['sphfeed', internal && externalChat ? 2 : 0],
    ['voiptext', single ? 3 : 1],
    ['meeting_voice_call', single ? 1 : 0],
    ['voip_doc_share', single && internal ? 1 : 0],
    ['qydiskfile', internal ? 2 : 0],
    ['switch', internal ? 1 : 0],
    ['disagree', !internal && single ? 0.3 : 0],
  ];
  weightCache.set(key, weights);
  return weights;
}

export function keyRotationPoints(total: number, versions: number): number[] {
  // Demo-like rotation: the second key from ~60% of the archive, later keys evenly after that.
  const points: number[] = [];
  for (let v = 1; v < versions; v++) {
    const fraction = versions === 2 ? 0.6 : 0.6 + (0.4 * (v - 1)) / (versions - 1);
    points.push(Math.floor(total * fraction));
  }
  return points;
}

function emptyMd5Option(options: { emptyMd5?: boolean }): { emptyMd5?: boolean } {
  return options.emptyMd5 === undefined ? {} : { emptyMd5: options.emptyMd5 };
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
