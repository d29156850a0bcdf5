import { describe, expect, it } from 'vitest';
import {
  compileRegex,
  compileRule,
  explain,
  matchMessage,
  matchText,
  RuleRegexError,
  scopeFailures,
  type MessageContext,
} from '../../../../renderer/rules/matcher';
import { emptyRuleDraft, type Rule } from '../../../../renderer/rules/model';
import { RuleSet } from '../../../../renderer/rules/ruleSet';
import { normalizeText } from '../../../../renderer/search/normalize';

function rule(overrides: Partial<Rule>): Rule {
  return { ...emptyRuleDraft(), id: 'r1', name: 'test', createdAt: 0, updatedAt: 0, ...overrides };
}

const staffInExternalChat: MessageContext = {
  corpId: 'corp-a',
  chatKind: 'external',
  from: 'zhangwei',
  msgtype: 'text',
  external: false,
};

const spans = (r: Rule, text: string) =>
  matchText(compileRule(r), text).map((h) => text.slice(h.start, h.end));

describe('folding (shared with search)', () => {
  it('matches across case and full/half width, maps the span to the text as written and names the fold', () => {
    const r = rule({ terms: ['kickback', 'VIP返点'] });
    const text = '这是 ＫＩＣＫＢＡＣＫ，还有vip返点';
    const hits = matchText(compileRule(r), text);
    expect(hits.map((h) => h.matched)).toEqual(['ＫＩＣＫＢＡＣＫ', 'vip返点']);
    expect(hits[0]?.folds).toEqual(['width', 'case']);
    expect(hits[1]?.folds).toEqual([]);
    expect(matchText(compileRule(rule({ terms: ['Guarantee'] })), 'we GUARANTEE it')[0]?.folds).toEqual([
      'case',
    ]);
  });

  it('matches a quoted phrase across any run of whitespace', () => {
    expect(spans(rule({ terms: ['add my wechat'] }), 'please add  my\nwechat now')).toEqual([
      'add  my\nwechat',
    ]);
  });

  it('never matches across two fields of one message', () => {
    expect(spans(rule({ terms: ['回扣'] }), '回\u001f扣')).toEqual([]);
  });
});

describe('exclusions', () => {
  it('suppress a hit inside an excluded word, not other hits of the same term', () => {
    const r = rule({ terms: ['返点'], exclusions: ['返点卡'] });
    expect(spans(r, '请用返点卡支付')).toEqual([]);
    expect(spans(r, '返点卡不行，给你私下返点')).toEqual(['返点']);
    expect(spans(r, '给你私下返点')).toEqual(['返点']);
  });

  it('are folded like terms', () => {
    expect(spans(rule({ terms: ['vip'], exclusions: ['VIP会员'] }), 'ｖｉｐ会员')).toEqual([]);
  });
});

describe('proximity', () => {
  const r = rule({ proximity: [{ a: '转账', b: '私下', within: 5 }] });

  it('hits when the words are within N characters, in either order', () => {
    expect(spans(r, '我们私下再转账吧')).toEqual(['私下再转账']);
    expect(spans(r, '转账的事私下说')).toEqual(['转账的事私下']);
  });

  it('does not hit beyond N and explains how close they came', () => {
    const text = '私下里我们说好了下个月再转账';
    expect(spans(r, text)).toEqual([]);
    const why = explain(compileRule(r), staffInExternalChat, text);
    expect(why.raises).toBe(false);
    expect(why.tooFar).toEqual([{ label: '转账 ~5 私下', distance: 10, within: 5 }]);
  });
});

describe('regex and patterns', () => {
  it('runs a regex on the folded text', () => {
    expect(spans(rule({ regex: 'qq\\s?\\d{5,10}' }), '加我ＱＱ 12345678')).toEqual(['ＱＱ 12345678']);
  });

  it('refuses a regex that does not parse or matches empty text', () => {
    expect(() => compileRegex('(')).toThrow(RuleRegexError);
    expect(() => compileRegex('a*')).toThrow(RuleRegexError);
    expect(compileRegex('  ')).toBeNull();
  });

  it('reports digits that look like a pattern but fail its check', () => {
    const why = explain(
      compileRule(rule({ patterns: ['idcard', 'bankcard'] })),
      staffInExternalChat,
      '号码110105194912310021',
    );
    expect(why.hits).toEqual([]);
    expect(why.patternRejects).toContainEqual({
      kind: 'idcard',
      value: '110105194912310021',
      reason: 'checksum',
    });
  });
});

describe('scope', () => {
  const scoped = rule({
    terms: ['保本'],
    scope: {
      corpIds: ['corp-a'],
      chatKinds: ['external', 'external-group'],
      direction: 'staff',
      msgtypes: ['text'],
    },
  });

  it('takes a message in scope', () => {
    expect(matchMessage(compileRule(scoped), staffInExternalChat, '保本保息')).toHaveLength(1);
  });

  it('names every condition a message fails, and the editor says it would have hit', () => {
    const outside: MessageContext = {
      corpId: 'corp-b',
      chatKind: 'internal',
      from: 'wmX',
      msgtype: 'text',
      external: true,
    };
    expect(matchMessage(compileRule(scoped), outside, '保本保息')).toEqual([]);
    expect(scopeFailures(scoped.scope, outside).map((f) => f.field)).toEqual([
      'corp',
      'chatKind',
      'direction',
    ]);
    const why = explain(compileRule(scoped), outside, '保本保息');
    expect(why.hits).toHaveLength(1);
    expect(why.raises).toBe(false);
  });

  it('treats a system record as outside any chat-kind filter', () => {
    expect(scopeFailures({ chatKinds: ['internal'] }, { ...staffInExternalChat, chatKind: null })).toEqual([
      { field: 'chatKind', actual: 'system', allowed: ['internal'] },
    ]);
  });

  it('filters by people', () => {
    expect(scopeFailures({ people: ['lisi'] }, staffInExternalChat)[0]?.field).toBe('people');
    expect(scopeFailures({ people: ['zhangwei'] }, staffInExternalChat)).toEqual([]);
  });
});

describe('RuleSet (many rules over many messages)', () => {
  it('gives the same hits as each rule on its own, and skips disabled rules', () => {
    const rules = [
      rule({ id: 'a', terms: ['回扣', '稳赚'] }),
      rule({ id: 'b', terms: ['x'], proximity: [{ a: '私下', b: '转账', within: 3 }] }),
      rule({ id: 'c', patterns: ['mobile'] }),
      rule({ id: 'd', terms: ['回扣'], enabled: false }),
    ];
    const set = new RuleSet(rules);
    const text = '稳赚不赔，私下转账，有回扣，电话13812345678，x';
    const hits = set.match(staffInExternalChat, text, normalizeText(text));
    const expected = rules.filter((r) => r.enabled).flatMap((r) => matchText(compileRule(r), text));
    expect(new Set(hits.map((h) => `${h.ruleId}:${h.matched}`))).toEqual(
      new Set(expected.map((h) => `${h.ruleId}:${h.matched}`)),
    );
    expect(hits.some((h) => h.ruleId === 'd')).toBe(false);
  });
});
