import type { Prng } from './prng';

/**
 * Realistic Chinese chat text for the corpus: sales, customer service, finance and team conversations,
 * with WeCom 表情 codes ([微笑]), @mentions, URLs, amounts, dates and order numbers, so the app's reading
 * and search features meet the kind of text real archives hold (docs/wecom-sdk.md §7 "Other text conventions").
 */

export type Scenario = 'sales' | 'service' | 'finance' | 'team' | 'internal' | 'chitchat';
/** Who is talking in a scenario: the corp's member ("staff") or the other side ("customer"). */
export type Voice = 'staff' | 'customer';

export const EMOJI_CODES = [
  '[微笑]',
  '[捂脸]',
  '[呲牙]',
  '[偷笑]',
  '[强]',
  '[抱拳]',
  '[OK]',
  '[玫瑰]',
  '[握手]',
  '[流泪]',
  '[憨笑]',
  '[调皮]',
  '[愉快]',
  '[奋斗]',
  '[咖啡]',
  '[庆祝]',
  '[爱心]',
  '[耶]',
  '[合十]',
  '[旺柴]',
  '[让我看看]',
  '[破涕为笑]',
  '[发呆]',
  '[害羞]',
  '[尴尬]',
  '[擦汗]',
  '[敲打]',
  '[再见]',
  '[鼓掌]',
  '[得意]',
  '[汗]',
  '[嘿哈]',
] as const;

const PRODUCTS = [
  '星河智能门锁 X2',
  '星河智能猫眼 C1',
  '人脸识别门禁 F5',
  '智能网关 G3',
  '指纹模组 M2',
  '云栖会员系统',
  '企业版年度订阅',
  '酒店客控面板 H8',
  '智能晾衣架 L3',
  '扫地机器人 R7',
  '空气净化器 A9',
  '门锁电池套装',
] as const;
const CITIES = [
  '杭州',
  '上海',
  '北京',
  '深圳',
  '成都',
  '南京',
  '苏州',
  '武汉',
  '广州',
  '西安',
  '宁波',
  '合肥',
] as const;
const COMPANIES = [
  '杭州云栖酒店管理有限公司',
  '上海禾丰物业服务有限公司',
  '深圳前海创联科技有限公司',
  '成都锦江公寓运营有限公司',
  '南京紫金置业有限公司',
  '苏州工业园区恒信贸易有限公司',
  '武汉光谷未来城开发有限公司',
  '宁波海曙区家家乐超市',
] as const;
const RELATIVE_DAYS = [
  '今天',
  '明天',
  '后天',
  '下周一',
  '下周二',
  '下周三',
  '周四',
  '周五',
  '这周末',
  '月底前',
] as const;
const URL_BASES = [
  'https://mp.weixin.qq.com/s/',
  'https://doc.weixin.qq.com/doc/',
  'https://www.example.com/products/',
  'https://shop.example.cn/item?id=',
  'https://work.weixin.qq.com/ca/',
  'https://meeting.tencent.com/dm/',
  'https://kf.example.com/ticket/',
  'https://pan.example.com/s/',
] as const;
const URL_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const EXPRESS = ['顺丰', '中通', '圆通', '京东物流', '韵达', '德邦'] as const;

type LinePool = Record<Voice, readonly string[]>;

const LINES: Record<Scenario, LinePool> = {
  sales: {
    staff: [
      '{peer}您好，我是星河科技的{me}，之前您在展会上留过联系方式{emoji}',
      '这款{product}目前活动价{price}元，比官网便宜{percent}%',
      '批量采购{qty}套以上可以申请项目价，我帮您问一下经理',
      '报价单我整理好了，稍后发您邮箱，您看下有没有问题',
      '{day}{time}方便吗？我带样品过去给您演示一下',
      '这个是我们在{city}的案例，酒店客房全部换成了{product}',
      '合同我这边已经走完内部审批了，您那边盖章后寄回给我就行',
      '首批{qty}套{day}可以发货，安装师傅会提前一天跟您约时间',
      '付款方式可以是预付30%，到货验收后付60%，剩下10%质保金',
      '您好，上次说的方案您和领导沟通得怎么样了？',
      '这是产品介绍 {url}',
      '我们的质保是三年，上门安装免费，后续有专属客服对接',
      '好的，没问题，我这边马上安排',
      '价格已经是最低了{emoji}，不过可以多送您{qty}套电池',
      '您看一下这个型号，颜色有曜石黑和月光银两种',
      '明白，那我先把试用装寄给您，地址还是{city}那边吗？',
      '对的，支持开增值税专用发票，税点13%',
      '收到，谢谢{peer}支持！合作愉快{emoji}',
      '我们在{city}有仓库，一般下单后48小时内发货',
      '这个月底前签约的话，还可以享受年度服务费{percent}%的折扣',
      '附件是技术参数表，您让工程部的同事看一下',
      '{peer}，您之前问的对接接口，我们的开发文档在这里 {url}',
    ],
    customer: [
      '你好，{product}现在什么价格？',
      '我们酒店大概需要{qty}套，能便宜点吗',
      '报价单收到了，我跟领导汇报一下再回复你',
      '{day}上午我在公司，你过来吧',
      '安装要多久？会不会影响客人入住',
      '有没有更便宜的型号？预算有点紧{emoji}',
      '合同我看了，第五条的违约金能不能改一下',
      '可以开专票吗？我们财务要求的',
      '行，那就先按这个方案来',
      '你们售后响应时间是多久？',
      '好的，谢谢',
      '样品收到了，做工不错{emoji}',
      '我再对比一下其他家，晚点给你答复',
      '发我一下你们的营业执照和资质证明',
      '电池一般能用多久？没电了怎么开门',
      '嗯嗯，周{weekday}可以，下午{time}之后都行',
      '收到，我转给采购了',
      '价格OK，付款方式再商量下',
      '你们在{city}有案例吗？我想去现场看看',
      '好的👌',
    ],
  },
  service: {
    staff: [
      '您好，很高兴为您服务，请问有什么可以帮您？',
      '麻烦提供一下订单号，我帮您查一下',
      '您的订单{order}已经发货了，{express}快递单号{tracking}',
      '非常抱歉给您带来不便{emoji}，我马上帮您登记售后',
      '门锁没电的话可以用应急充电口，Type-C 接口，在锁体下方',
      '已经帮您申请退款，{amount}元会在1-3个工作日原路退回',
      '师傅已经派单了，{day}{time}左右上门，电话是{phone}',
      '您可以先试一下恢复出厂设置：长按复位键5秒，听到提示音后松开',
      '这个问题我们已经反馈给技术部门了，预计{day}给您答复',
      '请问还有其他可以帮您的吗？',
      '收到您的照片了，看起来是锁舌卡住了，我安排换新',
      '感谢您的耐心等待，问题已经处理好了',
      '操作视频在这里 {url} ，您跟着做一下就可以',
      '好的，已备注，您放心',
      '亲，退货地址是{city}市经济开发区星河路88号 售后部收，电话{phone}',
      '您的工单号是{ticket}，后续进度可以随时找我',
      '我们的服务时间是早上9点到晚上9点，节假日不休息',
      '这边看到您的保修还有{qty}个月，可以免费维修',
    ],
    customer: [
      '你好，我买的{product}打不开了',
      '订单号{order}，一直没收到货',
      '快递怎么还没到？都三天了{emoji}',
      '指纹识别老是失败，是不是坏了',
      '我要退货，质量太差了',
      'App 绑定不上，一直提示网络错误',
      '好的，谢谢你',
      '师傅几点到？我下午要出门',
      '已经按你说的操作了，还是不行',
      '发票怎么开？我需要抬头是公司的',
      '收到了，好用{emoji}',
      '能不能换个颜色？',
      '昨天晚上门锁一直在报警，吓死我了',
      '你们客服电话打不通啊',
      '嗯，现在可以了，感谢{emoji}',
      '退款什么时候到账？',
      '电池在哪里买？',
      '行吧，那我等你们消息',
    ],
  },
  finance: {
    staff: [
      '{peer}，{month}月的对账单发您了，请核对一下',
      '发票已经开好了，电子发票发到您邮箱{email}',
      '这笔{amount}元的货款我们还没收到，麻烦帮忙催一下',
      '付款信息：开户行 招商银行{city}分行，账号 5719 0123 4567 890',
      '税号核对过了，没有问题',
      '请在{day}之前完成付款，逾期会影响下一批发货',
      '回款已经收到，谢谢{emoji}',
      '报销单请附上发票原件和审批截图',
      '本月报销截止到{date}，过期顺延到下个月',
      '差旅标准：一线城市住宿每晚不超过{price}元',
      '对账有一笔差异{amount}元，是{date}那张退货单',
      '预付款30%已经转账，请查收',
    ],
    customer: [
      '对账单收到，{order}这笔金额不对',
      '发票抬头写错了，麻烦重开一下',
      '款已经付了，这是转账截图',
      '我们财务说下周{weekday}统一付款',
      '能不能分两期付？',
      '好的，我核对一下再回复',
      '专票还是普票？我们需要专票',
      '收到，谢谢',
      '合同金额是{amount}元，对吧？',
    ],
  },
  team: {
    staff: [
      '大家好，{day}{time}开周会，请准时参加{emoji}',
      '本周销售额{amount}元，完成月目标的{percent}%，大家继续加油{emoji}',
      '{city}的项目已经签下来了，感谢大家的支持！',
      '请各位在{day}之前提交周报',
      '会议纪要已经上传到共享文档 {url}',
      '新品{product}下周上线，培训资料在群文件里',
      '收到',
      '好的，马上处理',
      '辛苦了{emoji}',
      '客户那边反馈安装进度有点慢，谁跟一下？',
      '我来跟进',
      '今天的日报：拜访客户3家，新增意向客户2家，签单1笔',
      '明天团建，早上8点公司楼下集合，别迟到{emoji}',
      '下个月的排班表发群里了，有问题私聊我',
      '@所有人 请大家更新一下客户跟进记录',
      '报价系统今晚10点升级，期间暂停使用',
      '{product}的库存只剩{qty}套了，销售同事注意一下',
      '恭喜{peer}拿下本月销冠{emoji}{emoji}',
      '这个需求我评估一下，{day}给结论',
      '线上问题已修复，版本号 v2.{qty}.0',
    ],
    customer: [],
  },
  internal: {
    staff: [
      '在吗？',
      '{day}的会议改到{time}了',
      '帮我看一下这个客户的合同，{company}',
      '报价我改好了，你帮忙再核一下',
      '中午一起吃饭吗？',
      '好的',
      '收到{emoji}',
      '那个客户又来问价格了，我们底价多少？',
      '经理说可以给到{percent}%的折扣',
      '周报写了吗？',
      '我今天请假，有事电话联系{phone}',
      '文件发你了，注意查收',
      '这个月的报销什么时候截止？',
      '明天出差去{city}，酒店帮我订一下',
      '没问题，交给我',
      '谢谢{emoji}',
      '客户说{day}要来公司参观，会议室帮我订一下',
      '系统账号密码发我一下，我登不上了',
      '我在开会，晚点回你',
      '哈哈哈哈{emoji}',
    ],
    customer: [],
  },
  chitchat: {
    staff: [
      '周末去哪玩？',
      '这家店不错，推荐{emoji}',
      '哈哈哈笑死我了{emoji}',
      '晚上一起打球吗',
      '到了吗？',
      '{time}老地方见',
      '刚下班，累死了',
      '好的好的',
    ],
    customer: [
      '今天天气真好',
      '有人一起拼车去{city}吗',
      '群里的红包谁抢了{emoji}',
      '在的',
      '可以可以',
      '晚安{emoji}',
    ],
  },
};

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'] as const;

export interface LineContext {
  /** How the speaker addresses the other side (e.g. "王总", "张姐"). */
  peer: string;
  /** The speaker's own short name. */
  me: string;
}

/** Fills the {slot}s of a template with plausible values. */
export function fillTemplate(prng: Prng, template: string, ctx: LineContext): string {
  return template.replace(/\{(\w+)\}/g, (whole, slot: string) => {
    switch (slot) {
      case 'peer':
        return ctx.peer;
      case 'me':
        return ctx.me;
      case 'emoji':
        return prng.pick(EMOJI_CODES);
      case 'product':
        return prng.pick(PRODUCTS);
      case 'price':
        return String(prng.pick([399, 599, 899, 1299, 1599, 2399, 3800, 6500]));
      case 'percent':
        return String(prng.int(5, 30));
      case 'qty':
        return String(prng.pick([2, 5, 10, 20, 30, 50, 80, 100, 120, 200]));
      case 'amount':
        return formatAmount(prng.int(2000, 9_800_000) / 100);
      case 'day':
        return prng.pick(RELATIVE_DAYS);
      case 'time':
        return `${prng.int(9, 18)}:${prng.pick(['00', '30', '15', '45'])}`;
      case 'weekday':
        return prng.pick(WEEKDAYS);
      case 'month':
        return String(prng.int(1, 12));
      case 'date':
        return `2024-${pad2(prng.int(1, 12))}-${pad2(prng.int(1, 28))}`;
      case 'city':
        return prng.pick(CITIES);
      case 'company':
        return prng.pick(COMPANIES);
      case 'order':
        return `SO2024${pad2(prng.int(1, 12))}${pad2(prng.int(1, 28))}-${String(prng.int(1, 9999)).padStart(4, '0')}`;
      case 'ticket':
        return `KF${prng.int(10_000_000, 99_999_999)}`;
      case 'express':
        return prng.pick(EXPRESS);
      case 'tracking':
        return `SF${prng.int(100_000, 999_999)}${prng.int(100_000, 999_999)}`;
      case 'phone':
        return `1${prng.pick(['38', '39', '86', '58', '77', '35'])}${prng.int(1000, 9999)}${prng.int(1000, 9999)}`;
      case 'email':
        return `${prng.pick(['finance', 'caiwu', 'invoice', 'zhang.li', 'wangfang'])}@example.com`;
      case 'url':
        return randomUrl(prng);
      default:
        return whole;
    }
  });
}

export function randomUrl(prng: Prng): string {
  return prng.pick(URL_BASES) + prng.chars(URL_CHARS, prng.int(8, 22));
}

export function pickLine(prng: Prng, scenario: Scenario, voice: Voice, ctx: LineContext): string {
  const pool = LINES[scenario][voice].length > 0 ? LINES[scenario][voice] : LINES[scenario].staff;
  let text = fillTemplate(prng, prng.pick(pool), ctx);
  // Chat habits: a trailing 表情, or two thoughts sent as one message.
  if (prng.chance(0.12)) text += prng.pick(EMOJI_CODES);
  if (prng.chance(0.08)) text += '\n' + fillTemplate(prng, prng.pick(pool), ctx);
  return text;
}

export function formatAmount(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A long, deterministic block of Chinese prose of at least `minBytes` UTF-8 bytes. */
export function longProse(prng: Prng, minBytes: number): string {
  const parts: string[] = [];
  let bytes = 0;
  const scenarios: Scenario[] = ['sales', 'service', 'finance', 'team'];
  let paragraph = 1;
  while (bytes < minBytes) {
    const scenario = prng.pick(scenarios);
    const sentences: string[] = [];
    for (let i = 0; i < 6; i++)
      sentences.push(pickLine(prng, scenario, 'staff', { peer: '各位', me: '我' }).replace(/\n/g, '，'));
    const text = `${paragraph}. ${sentences.join('。')}。\n`;
    parts.push(text);
    bytes += Buffer.byteLength(text);
    paragraph++;
  }
  return parts.join('');
}

export const SAMPLE_COMPANIES = COMPANIES;
export const SAMPLE_PRODUCTS = PRODUCTS;
export const SAMPLE_CITIES = CITIES;
