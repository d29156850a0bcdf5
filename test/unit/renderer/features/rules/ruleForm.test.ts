import { describe, expect, it } from 'vitest';
import { draftToForm, formToDraft, parseProximity } from '../../../../../renderer/features/rules/ruleForm';
import { emptyRuleDraft, type RuleDraft } from '../../../../../renderer/rules';

describe('rule editor form', () => {
  it('reads proximity lines "A ~N B" (also with a full-width tilde) and names the ones it cannot read', () => {
    expect(parseProximity('私下 ~10 转账\n加 ～3 微信\n\n胡说')).toEqual({
      clauses: [
        { a: '私下', b: '转账', within: 10 },
        { a: '加', b: '微信', within: 3 },
      ],
      bad: ['胡说'],
    });
  });

  it('turns a draft into form fields and back unchanged', () => {
    const draft: RuleDraft = {
      ...emptyRuleDraft(),
      id: 'r1',
      name: '返利',
      terms: ['返点', 'add my wechat'],
      exclusions: ['返点卡'],
      proximity: [{ a: '私下', b: '转账', within: 8 }],
      patterns: ['url'],
      urlDomains: ['pan.baidu.com', 'example.com'],
      scope: {
        chatKinds: ['external'],
        people: ['zhangwei', 'lisi'],
        msgtypes: ['text'],
        direction: 'staff',
      },
    };
    expect(formToDraft(draftToForm(draft))).toEqual(draft);
  });
});
