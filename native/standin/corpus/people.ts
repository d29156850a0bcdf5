import { SAMPLE_COMPANIES, type Scenario } from './content';
import type { IdFactory } from './ids';
import type { Prng } from './prng';

/**
 * The people and chats of one corp: internal members with free-form userids, external contacts
 * (`wm…`/`wo…`), robots (`wb…`), internal, external and unresolvable groups (`wr…`), single chats.
 * docs/wecom-sdk.md §4.1 "Id prefixes"; docs/wecom-sdk.md §6.2/§6.3 for what the group APIs can and cannot resolve.
 */

export type StaffRole = 'sales' | 'service' | 'finance' | 'dev' | 'manager';

export interface Person {
  id: string;
  name: string;
  kind: 'internal' | 'external' | 'robot';
  /** How others address them in chat: "王总", "张姐", "Lucy". */
  addressAs: string;
  role?: StaffRole;
  position?: string;
  /** External contacts: 1 = WeChat user, 2 = member of another WeCom corp (docs/wecom-sdk.md §6.3 `type`). */
  externalType?: 1 | 2;
  corpName?: string;
  unionid?: string;
  /** Robots: who created them (docs/wecom-sdk.md §6.4). */
  creator?: string;
}

export type ChatKind = 'single' | 'internalGroup' | 'externalGroup' | 'unresolvedGroup';

export interface Chat {
  index: number;
  kind: ChatKind;
  /** `""` for a single chat (docs/wecom-sdk.md §4.1). */
  roomid: string;
  name: string;
  members: Person[];
  owner: Person;
  admins: Person[];
  scenario: Scenario;
  weight: number;
  /** Unix seconds. */
  createTime: number;
  notice: string;
  /** Unix seconds, parallel to `members`. */
  joinTimes: number[];
  hostile: boolean;
  /** No more messages after a disagree event (the contact withdrew consent). */
  closed: boolean;
  started: boolean;
}

export interface Roster {
  internal: Person[];
  external: Person[];
  robots: Person[];
  chats: Chat[];
  /** Chats the showcase needs by role. */
  special: {
    hostileSingle: Chat;
    hostileGroup: Chat;
    allHands: Chat;
    wechatSingle: Chat;
    wecomSingle: Chat;
    internalSingle: Chat;
    internalGroup: Chat;
    externalGroup: Chat;
    unresolvedGroup: Chat;
  };
}

interface NamePart {
  hanzi: string;
  pinyin: string;
}

const SURNAMES: readonly NamePart[] = toParts(
  '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 林lin 罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 潘pan 袁yuan 蔡cai 蒋jiang 余yu 杜du 叶ye 程cheng 魏wei 苏su 吕lv 丁ding 沈shen 任ren 姚yao 卢lu 傅fu 钟zhong 姜jiang 崔cui 谭tan 陆lu 范fan 廖liao 石shi 金jin 贾jia 夏xia 方fang 欧阳ouyang 上官shangguan',
);
const GIVEN: readonly NamePart[] = toParts(
  '伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 英ying 华hua 文wen 辉hui 鑫xin 宇yu 浩hao 婷ting 雪xue 琳lin 晨chen 欣xin 怡yi 子zi 涵han 梓zi 萱xuan 博bo 思si 佳jia 嘉jia 俊jun 峰feng 慧hui 倩qian 亮liang 健jian 斌bin 志zhi 晓xiao 东dong 玲ling 鹏peng 飞fei 昊hao 然ran 一yi 诺nuo 宁ning 蕾lei 楠nan 凯kai 帆fan 瑶yao 金jin 生sheng',
);
const ENGLISH_IDS = [
  'kenshin',
  'icefog',
  'nick',
  'sam',
  'pony',
  'abel',
  'jack',
  'tiny-six768',
  'yangzhu1',
  'HeMiao',
  'kevin.zhou',
  'amy_lin',
] as const;
const POSITIONS: Record<StaffRole, readonly string[]> = {
  sales: ['销售经理', '大客户经理', '销售代表', '区域销售总监'],
  service: ['客服专员', '售后工程师', '客服主管'],
  finance: ['财务', '会计', '出纳', '财务经理'],
  dev: ['产品经理', '软件工程师', '测试工程师', '运维工程师'],
  manager: ['总经理', '运营总监', '人事经理', '行政主管'],
};
const WECHAT_NICKNAMES = [
  'Lucy🌸',
  '奔波儿灞',
  '顾客老王',
  '快乐的小鱼',
  'A-房产小李',
  '🍀幸运草',
  '晴天',
  'Mr.Chen',
  '一叶知秋',
  '阿杰',
  'Sunny',
  '木子李',
  '大海',
  '小太阳☀️',
  '静待花开',
  '老张-装修',
  '王姐(云栖酒店)',
  'Tony老师',
  '追风少年',
  '橘子汽水',
  'Evan',
  '七月',
  '陈先生',
  '刘女士',
  '🐱喵喵',
  '知足常乐',
  '平安是福',
  '张三丰',
  '王语嫣',
  '蓦然回首',
] as const;
const INTERNAL_GROUP_NAMES = [
  '销售一部',
  '产品研发群',
  '财务报销群',
  '华东区周会',
  '新品上市项目组',
  '客服值班群',
  '管理层沟通',
  '市场活动策划',
  '杭州分公司',
  '技术支持群',
  '招聘面试协调',
  '年会筹备组',
] as const;
const EXTERNAL_GROUP_NAMES = [
  '云栖酒店门锁项目群',
  'VIP客户服务群',
  '星河门锁售后群',
  '代理商沟通群',
  '团购福利群',
  '禾丰物业智能化改造',
  '前海创联合作对接',
  '锦江公寓安装进度群',
  '紫金置业样板间',
  '家家乐超市门店升级',
] as const;
const UNRESOLVED_GROUP_NAMES = ['周末羽毛球🏸', '家长群', '老同学聚会', '小区业主群'] as const;
const ROBOT_NAMES = ['销售日报机器人', '工单提醒', '天气小助手', '数据看板', '发货通知', '审批助手'] as const;
const NOTICES = [
  '',
  '',
  '文明沟通,拒绝脏话',
  '本群用于项目对接，请勿发广告',
  '有问题请@客服，工作时间 9:00-21:00',
  '每周五下午四点周会',
] as const;

/** 2024-06-03 00:00 China Standard Time, the first day of every generated archive. */
export const ARCHIVE_START_SECONDS = Date.UTC(2024, 5, 2, 16, 0, 0) / 1000;

export interface RosterSize {
  internal: number;
  external: number;
  robots: number;
  internalGroups: number;
  externalGroups: number;
  unresolvedGroups: number;
}

/** Bigger archives get more people, growing with the square root of the message count. */
export function rosterSizeFor(messages: number): RosterSize {
  const internal = clamp(Math.round(Math.sqrt(messages) / 3), 10, 400);
  return {
    internal,
    external: internal * 2 + 4,
    robots: clamp(Math.round(internal / 20), 2, 12),
    internalGroups: clamp(Math.round(internal / 3), 3, 80),
    externalGroups: clamp(Math.round(internal / 2), 3, 150),
    unresolvedGroups: clamp(Math.round(internal / 8), 2, 30),
  };
}

export function buildRoster(prng: Prng, ids: IdFactory, size: RosterSize): Roster {
  const names = new NameMaker(prng.fork('names'));
  const internal = buildInternal(prng.fork('internal'), names, size.internal);
  const external = buildExternal(prng.fork('external'), names, ids, size.external);
  const robots = buildRobots(prng.fork('robots'), ids, internal, size.robots);
  const chats = new ChatBuilder(prng.fork('chats'), ids);

  const staffByRole = (role: StaffRole): Person[] => internal.filter((p) => p.role === role);
  const customerFacing = [...staffByRole('sales'), ...staffByRole('service'), ...staffByRole('finance')];

  // Single chats: colleagues, and every external contact with the member who added them (plus a few shared).
  for (let i = 0; i < internal.length; i++) {
    const a = internal[i] as Person;
    const b = internal[(i + 1 + prng.int(0, internal.length - 2)) % internal.length] as Person;
    if (a !== b) chats.single(a, b, 'internal');
  }
  for (const contact of external) {
    const owner = prng.pick(customerFacing);
    chats.single(owner, contact, scenarioForRole(owner.role));
    if (prng.chance(0.15)) {
      const other = prng.pick(customerFacing);
      if (other !== owner) chats.single(other, contact, scenarioForRole(other.role));
    }
  }

  const allHands = chats.group(
    'internalGroup',
    '公司全员群',
    internal[0] as Person,
    internal.slice(0, 40),
    'team',
  );
  for (let i = 0; i < size.internalGroups - 1; i++) {
    const members = prng.sample(internal, prng.int(3, Math.min(12, internal.length)));
    const name = indexedName(INTERNAL_GROUP_NAMES, i);
    chats.group('internalGroup', name, members[0] as Person, members, 'team');
  }
  for (let i = 0; i < size.externalGroups; i++) {
    const staff = prng.sample(customerFacing, prng.int(1, 3));
    const customers = prng.sample(external, prng.int(2, 10));
    const name = indexedName(EXTERNAL_GROUP_NAMES, i);
    chats.group(
      'externalGroup',
      name,
      staff[0] as Person,
      [...staff, ...customers],
      prng.pick(['service', 'sales', 'sales'] as const),
    );
  }
  for (let i = 0; i < size.unresolvedGroups; i++) {
    // Groups created from WeChat: the archive has their messages, but no API resolves them (docs/wecom-sdk.md §6.2).
    const wechatUsers = external.filter((p) => p.externalType === 1);
    const members = [...prng.sample(wechatUsers, prng.int(2, 6)), prng.pick(internal)];
    chats.group(
      'unresolvedGroup',
      indexedName(UNRESOLVED_GROUP_NAMES, i),
      members[0] as Person,
      members,
      'chitchat',
    );
  }
  const groupsWithRobots = prng.sample(
    chats.all.filter((c) => c.kind === 'internalGroup' || c.kind === 'externalGroup'),
    robots.length * 2,
  );
  groupsWithRobots.forEach((chat, i) => chats.addMember(chat, robots[i % robots.length] as Person));

  // The hostile chat: a contact and a group whose very names are markup (the app must never render them as HTML).
  const tester = internal[1] as Person;
  const hostileContact: Person = {
    id: ids.openId('wm'),
    name: '<img src=x onerror=alert("name")>黑客',
    kind: 'external',
    addressAs: '<b>先生</b>',
    externalType: 1,
  };
  const bystanders = prng.sample(external, 2);
  external.push(hostileContact);
  const hostileSingle = chats.single(tester, hostileContact, 'service', 0.05);
  hostileSingle.hostile = true;
  const hostileGroup = chats.group(
    'externalGroup',
    '安全测试群<script>alert("群名")</script>',
    tester,
    [tester, internal[2] as Person, hostileContact, ...bystanders],
    'service',
    0.05,
  );
  hostileGroup.hostile = true;
  hostileGroup.notice = '<a href="javascript:alert(1)">点击领取</a>\u202E';

  const all = chats.all;
  const find = (predicate: (chat: Chat) => boolean): Chat => {
    const chat = all.find((c) => !c.hostile && predicate(c));
    if (!chat) throw new Error('roster is missing a chat the showcase needs');
    return chat;
  };
  return {
    internal,
    external,
    robots,
    chats: all,
    special: {
      hostileSingle,
      hostileGroup,
      allHands,
      wechatSingle: find((c) => c.kind === 'single' && c.members[1]?.externalType === 1),
      wecomSingle: find((c) => c.kind === 'single' && c.members[1]?.externalType === 2),
      internalSingle: find((c) => c.kind === 'single' && c.members[1]?.kind === 'internal'),
      internalGroup: find((c) => c.kind === 'internalGroup' && c !== allHands),
      externalGroup: find((c) => c.kind === 'externalGroup'),
      unresolvedGroup: find((c) => c.kind === 'unresolvedGroup'),
    },
  };
}

function buildInternal(prng: Prng, names: NameMaker, count: number): Person[] {
  // The first members use exactly the userid styles seen in official samples (docs/wecom-sdk.md §4.1).
  const fixed: Array<[string, string, StaffRole]> = [
    ['zhangwei', '张伟', 'sales'],
    ['LiNa', '李娜', 'service'],
    ['0000726', '王芳', 'finance'],
    ['18002520162', '陈静', 'sales'],
    ['XuJinSheng', '徐金生', 'manager'],
    ['kenshin', '刘洋', 'service'],
  ];
  const roles: StaffRole[] = ['sales', 'sales', 'service', 'service', 'finance', 'dev', 'manager'];
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const preset = fixed[i];
    let person: Person;
    if (preset) {
      const [id, name, role] = preset;
      names.reserve(id, name);
      person = { id, name, kind: 'internal', addressAs: shortAddress(name, prng), role };
    } else {
      const { name, userid } = names.internal();
      person = {
        id: userid,
        name,
        kind: 'internal',
        addressAs: shortAddress(name, prng),
        role: prng.pick(roles),
      };
    }
    person.position = prng.pick(POSITIONS[person.role as StaffRole]);
    people.push(person);
  }
  return people;
}

function buildExternal(prng: Prng, names: NameMaker, ids: IdFactory, count: number): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const isWeChat = i % 3 !== 2; // WeChat users outnumber members of other WeCom corps
    if (isWeChat) {
      const name = i < WECHAT_NICKNAMES.length ? (WECHAT_NICKNAMES[i] as string) : names.nickname();
      const person: Person = {
        id: ids.openId(prng.chance(0.85) ? 'wm' : 'wo'),
        name,
        kind: 'external',
        addressAs: name,
        externalType: 1,
      };
      if (prng.chance(0.5)) person.unionid = ids.unionid();
      people.push(person);
    } else {
      const { name } = names.internal();
      const corpName = prng.pick(SAMPLE_COMPANIES);
      people.push({
        id: ids.openId('wm'),
        name,
        kind: 'external',
        addressAs: shortAddress(name, prng),
        externalType: 2,
        corpName,
      });
    }
  }
  return people;
}

function buildRobots(prng: Prng, ids: IdFactory, internal: Person[], count: number): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    id: ids.openId('wb'),
    name: indexedName(ROBOT_NAMES, i),
    kind: 'robot' as const,
    addressAs: indexedName(ROBOT_NAMES, i),
    creator: prng.pick(internal).id,
  }));
}

class ChatBuilder {
  readonly all: Chat[] = [];
  private readonly pairs = new Set<string>();

  constructor(
    private readonly prng: Prng,
    private readonly ids: IdFactory,
  ) {}

  single(a: Person, b: Person, scenario: Scenario, weight?: number): Chat {
    const key = [a.id, b.id].sort().join('\u0000');
    const existing = this.pairs.has(key)
      ? this.all.find((c) => c.kind === 'single' && c.members.includes(a) && c.members.includes(b))
      : undefined;
    if (existing) return existing;
    this.pairs.add(key);
    const created = ARCHIVE_START_SECONDS - this.prng.int(86400, 400 * 86400);
    return this.push({
      kind: 'single',
      roomid: '',
      name: b.name,
      members: [a, b],
      owner: a,
      admins: [],
      scenario,
      weight: weight ?? this.prng.exponential(1) + 0.05,
      createTime: created,
      notice: '',
      joinTimes: [created, created],
    });
  }

  group(
    kind: ChatKind,
    name: string,
    owner: Person,
    members: Person[],
    scenario: Scenario,
    weight?: number,
  ): Chat {
    const unique = [owner, ...members.filter((m) => m !== owner)];
    const created = ARCHIVE_START_SECONDS - this.prng.int(7 * 86400, 700 * 86400);
    const joinTimes = unique.map((_, i) =>
      i === 0 ? created + 1 : created + this.prng.int(60, ARCHIVE_START_SECONDS - created - 60),
    );
    return this.push({
      kind,
      roomid: this.ids.openId('wr'),
      name,
      members: unique,
      owner,
      admins: unique.filter((m) => m.kind === 'internal' && m !== owner).slice(0, this.prng.int(0, 2)),
      scenario,
      // Groups are busier than most single chats.
      weight: weight ?? (this.prng.exponential(1) + 0.1) * Math.min(4, unique.length / 3),
      createTime: created,
      notice: this.prng.pick(NOTICES),
      joinTimes,
    });
  }

  addMember(chat: Chat, person: Person): void {
    if (chat.members.includes(person)) return;
    chat.members.push(person);
    chat.joinTimes.push(chat.createTime + this.prng.int(60, 86400 * 3));
  }

  private push(chat: Omit<Chat, 'index' | 'hostile' | 'closed' | 'started'>): Chat {
    const full: Chat = { ...chat, index: this.all.length, hostile: false, closed: false, started: false };
    this.all.push(full);
    return full;
  }
}

class NameMaker {
  private readonly userids = new Set<string>();
  private readonly displayNames = new Set<string>();
  private nicknameCounter = 0;

  constructor(private readonly prng: Prng) {}

  reserve(userid: string, name: string): void {
    this.userids.add(userid.toLowerCase());
    this.displayNames.add(name);
  }

  internal(): { name: string; userid: string } {
    for (let attempt = 0; ; attempt++) {
      const surname = this.prng.pick(SURNAMES);
      const given = this.prng.chance(0.6)
        ? [this.prng.pick(GIVEN), this.prng.pick(GIVEN)]
        : [this.prng.pick(GIVEN)];
      const name = surname.hanzi + given.map((g) => g.hanzi).join('');
      if (this.displayNames.has(name) && attempt < 20) continue;
      const base = this.useridFor(surname, given);
      let userid = base;
      for (let n = 2; this.userids.has(userid.toLowerCase()); n++) userid = `${base}${n}`;
      this.reserve(userid, name);
      return { name, userid };
    }
  }

  nickname(): string {
    this.nicknameCounter++;
    const surname = this.prng.pick(SURNAMES).hanzi;
    return (
      this.prng.pick([`${surname}先生`, `${surname}女士`, `${surname}总`, `${surname}姐`, `小${surname}`]) +
      (this.nicknameCounter > 20 ? String(this.nicknameCounter) : '')
    );
  }

  private useridFor(surname: NamePart, given: NamePart[]): string {
    const style = this.prng.weighted<'lower' | 'camel' | 'employee' | 'phone' | 'english'>([
      ['lower', 45],
      ['camel', 30],
      ['employee', 10],
      ['phone', 8],
      ['english', 7],
    ]);
    const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
    switch (style) {
      case 'lower':
        return surname.pinyin + given.map((g) => g.pinyin).join('');
      case 'camel':
        return capital(surname.pinyin) + given.map((g) => capital(g.pinyin)).join('');
      case 'employee':
        return String(this.prng.int(1, 99999)).padStart(7, '0');
      case 'phone':
        return `1${this.prng.pick(['38', '39', '58', '86', '36', '77'])}${String(this.prng.int(0, 99_999_999)).padStart(8, '0')}`;
      case 'english':
        return this.prng.pick(ENGLISH_IDS) + (this.prng.chance(0.5) ? String(this.prng.int(1, 99)) : '');
    }
  }
}

function toParts(spec: string): NamePart[] {
  return spec.split(' ').map((token) => {
    const match = /^(\p{Script=Han}+)([a-z]+)$/u.exec(token);
    if (!match) throw new Error(`bad name part ${token}`);
    return { hanzi: match[1] as string, pinyin: match[2] as string };
  });
}

function shortAddress(name: string, prng: Prng): string {
  const surname = name.length >= 4 ? name.slice(0, 2) : name.charAt(0);
  return prng.pick([
    `${surname}总`,
    `${surname}姐`,
    `${surname}哥`,
    `${surname}经理`,
    `${surname}老师`,
    name,
  ]);
}

function scenarioForRole(role: StaffRole | undefined): Scenario {
  if (role === 'service') return 'service';
  if (role === 'finance') return 'finance';
  return 'sales';
}

function indexedName(pool: readonly string[], i: number): string {
  const base = pool[i % pool.length] as string;
  return i < pool.length ? base : `${base}${Math.floor(i / pool.length) + 1}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
