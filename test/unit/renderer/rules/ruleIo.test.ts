import { describe, expect, it } from 'vitest';
import { emptyRuleDraft, type Rule } from '../../../../renderer/rules/model';
import {
  exportRulesJson,
  exportWordList,
  importRulesJson,
  parseWordList,
  RulesImportError,
} from '../../../../renderer/rules/ruleIo';

const full: Rule = {
  ...emptyRuleDraft(),
  id: 'r-1',
  name: '返利与回扣',
  severity: 'high',
  enabled: true,
  terms: ['回扣', '返点', 'kick back'],
  exclusions: ['返点卡'],
  proximity: [{ a: '私下', b: '转账', within: 8 }],
  regex: 'qq\\d{5,}',
  patterns: ['mobile', 'idcard', 'bankcard', 'email', 'url'],
  urlDomains: ['pan.baidu.com'],
  scope: {
    corpIds: ['corp-a'],
    chatKinds: ['external'],
    people: ['zhangwei'],
    msgtypes: ['text'],
    direction: 'staff',
  },
  createdAt: 1,
  updatedAt: 2,
};

describe('rules JSON', () => {
  it('round-trips every field of a rule', () => {
    const [back] = importRulesJson(exportRulesJson([full]));
    const { createdAt: _c, updatedAt: _u, ...rest } = full;
    expect(back).toEqual(rest);
  });

  it('reads a bare array and a BOM, and drops unknown kinds and values', () => {
    const text = `\uFEFF${JSON.stringify([{ name: ' A ', terms: ['x', 3, ''], patterns: ['mobile', 'fax'], severity: 'urgent', scope: { chatKinds: ['external', 'moon'], direction: 'up' } }])}`;
    const [rule] = importRulesJson(text);
    expect(rule).toMatchObject({
      name: 'A',
      terms: ['x'],
      patterns: ['mobile'],
      severity: 'medium',
      scope: { chatKinds: ['external'] },
    });
    expect(rule?.scope.direction).toBeUndefined();
  });

  it('refuses what is not a rules document, and a rule without a name', () => {
    expect(() => importRulesJson('not json')).toThrow(RulesImportError);
    expect(() => importRulesJson('{"x":1}')).toThrow(/no "rules"/);
    expect(() => importRulesJson('{"rules":[{"terms":["a"]}]}')).toThrow(/rule 1 has no name/);
  });
});

describe('word lists', () => {
  it('reads UTF-8 with a BOM, CRLF line ends, blank lines, spaces and quoted phrases', () => {
    const text = '\uFEFF回扣\r\n\r\n  返点 \r\n"加我 微信"\r\n“保本 保息”\n稳赚\r\n回扣\r\n\r\n';
    expect(parseWordList(text)).toEqual(['回扣', '返点', '加我 微信', '保本 保息', '稳赚']);
  });

  it('writes one term per line and reads back the same terms', () => {
    const terms = ['回扣', 'add my wechat', 'guarantee'];
    expect(exportWordList(terms)).toBe('回扣\n"add my wechat"\nguarantee\n');
    expect(parseWordList(exportWordList(terms))).toEqual(terms);
  });
});
