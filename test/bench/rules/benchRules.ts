import { emptyRuleDraft, type Rule } from '../../../renderer/rules/model';

/**
 * The benchmark's lexicon: 50 rules of 10 terms each (500 terms), the kind of words compliance
 * officers watch in sales and finance chats — kickbacks, off-book payments, guaranteed returns,
 * moving a customer to a private channel — in Chinese and English. Most are rare in a normal
 * archive, a few (转账, 红包, 微信…) occur in everyday business talk; five rules carry exclusions
 * and three proximity clauses, as real ones do.
 */
const STEMS = [
  '回扣',
  '返点',
  '返利',
  '返现',
  '回佣',
  '暗扣',
  '好处费',
  '介绍费',
  '茶水费',
  '辛苦费',
  '感谢费',
  '佣金',
  '提成',
  '私下转账',
  '公转私',
  '账外',
  '小金库',
  '代开发票',
  '虚开发票',
  '套现',
  '刷单',
  '飞单',
  '私单',
  '截单',
  '洗钱',
  '行贿',
  '受贿',
  '贿赂',
  '内幕',
  '保本',
  '稳赚',
  '包赚',
  '无风险',
  '翻倍',
  '高息',
  '保收益',
  '加我微信',
  '加微信',
  '私聊',
  '个人账户',
  '转账',
  '红包',
  '微信',
  '现金',
  '打款',
  'kickback',
  'guarantee',
  'rebate',
  'bribe',
  'cashback',
] as const;

const SUFFIXES = ['', '的事', '比例', '方案', '金额', '多少', '怎么算', '协议', '给你', '老规矩'] as const;
const ENGLISH_SUFFIXES = [
  '',
  ' deal',
  ' rate',
  ' plan',
  ' amount',
  ' offer',
  ' terms',
  ' scheme',
  ' fee',
  ' only',
] as const;

export const BENCH_RULE_COUNT = STEMS.length;

export function benchRules(now = 0): Rule[] {
  return STEMS.map((stem, i) => {
    const suffixes = /^[a-z]/.test(stem) ? ENGLISH_SUFFIXES : SUFFIXES;
    const rule: Rule = {
      ...emptyRuleDraft(),
      id: `bench-${String(i).padStart(2, '0')}`,
      name: `风险词 ${stem}`,
      severity: i % 3 === 0 ? 'high' : i % 3 === 1 ? 'medium' : 'low',
      terms: suffixes.map((suffix) => `${stem}${suffix}`),
      createdAt: now,
      updatedAt: now,
    };
    if (i % 10 === 3) rule.exclusions = [`${stem}卡`, `不要${stem}`];
    if (i % 17 === 5) rule.proximity = [{ a: stem, b: '私下', within: 12 }];
    return rule;
  });
}

/** Every term of the lexicon, as the naive scan loops over them. */
export function benchTerms(rules: readonly Rule[]): string[] {
  return rules.flatMap((rule) => rule.terms);
}
