import { describe, expect, it } from 'vitest';
import {
  documentGrams,
  lookupGrams,
  MAX_LOOKUP_GRAMS,
  normalizeText,
  normalizeWithMap,
  termGrams,
} from '../../../../renderer/search/normalize';
import { matchesAll, parseQuery } from '../../../../renderer/search/queryParse';
import { buildSnippet } from '../../../../renderer/search/snippet';

const matches = (text: string, query: string) => matchesAll(normalizeText(text), parseQuery(query).terms);

describe('normalizeText', () => {
  it('folds Latin case, full-width forms and whitespace runs', () => {
    expect(normalizeText('ＨｅｌｌＯ　Ｗｏｒｌｄ１２３')).toBe('hello world123');
    expect(normalizeText('  a\t\n b  ')).toBe('a b');
    expect(normalizeText('ｶﾀｶﾅ')).toBe('カタカナ');
  });

  it('keeps CJK and emoji as they are', () => {
    expect(normalizeText('报价单😀👍🏽')).toBe('报价单😀👍🏽');
  });

  it('maps every normalised unit back to its source character', () => {
    const mapped = normalizeWithMap('Ａb 中😀');
    expect(mapped.text).toBe('ab 中😀');
    expect(Array.from(mapped.start)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(Array.from(mapped.end)).toEqual([1, 2, 3, 4, 6, 6]);
  });
});

describe('matching', () => {
  it('finds Chinese substrings of any length, including one character', () => {
    const text = '报价单收到了，我跟领导汇报一下再回复你';
    expect(matches(text, '报')).toBe(true);
    expect(matches(text, '领导')).toBe(true);
    expect(matches(text, '跟领导汇报')).toBe(true);
    expect(matches(text, '领导说')).toBe(false);
  });

  it('is case-insensitive for Latin and folds full-width on both sides', () => {
    expect(matches('Invoice SO20240616-3344', 'invoice')).toBe(true);
    expect(matches('Invoice SO20240616-3344', 'ＩＮＶＯＩＣＥ')).toBe(true);
    expect(matches('ｓｏ２０２４０６１６', 'SO2024')).toBe(true);
    expect(matches('Invoice', 'invoices')).toBe(false);
  });

  it('matches emoji and WeCom emoji codes', () => {
    expect(matches('好的👍 收到[微笑]', '👍')).toBe(true);
    expect(matches('好的👍 收到[微笑]', '[微笑]')).toBe(true);
    expect(matches('好的 收到', '👍')).toBe(false);
  });

  it('ANDs separate terms and keeps quoted phrases whole', () => {
    expect(matches('合同 已经 寄出', '寄出 合同')).toBe(true);
    expect(matches('合同已经寄出', '合同 发票')).toBe(false);
    expect(matches('hello big world', '"hello world"')).toBe(false);
    expect(matches('hello world', '"hello world"')).toBe(true);
    expect(matches('hello big world', 'hello world')).toBe(true);
    expect(matches('说“早上好”', '“早上 好”')).toBe(false);
  });

  it('parses curly and unclosed quotes and drops terms implied by others', () => {
    expect(parseQuery('“早上 好” x').terms).toEqual(['早上 好', 'x']);
    expect(parseQuery('"abc def').terms).toEqual(['abc def']);
    expect(parseQuery('报价 报价单').terms).toEqual(['报价单']);
    expect(parseQuery('   ').terms).toEqual([]);
  });
});

describe('grams', () => {
  it('indexes unigrams and bigrams, and looks terms up by the same grams', () => {
    const grams = documentGrams(normalizeText('报价 OK'), new Set());
    expect([...grams].sort()).toEqual(['价', '价 ', ' o', 'k', 'o', 'ok', '报', '报价'].sort());
    expect(termGrams('报')).toEqual(['报']);
    expect(termGrams('报价单')).toEqual(['报价', '价单']);
    expect(termGrams('😀😀')).toEqual(['😀😀']);
    for (const gram of termGrams(normalizeText('价 OK'))) expect(grams.has(gram)).toBe(true);
  });

  it('looks a long term up by a spread of its bigrams, first and last included', () => {
    expect(lookupGrams('报价单')).toEqual(['报价', '价单']);
    const md5 = 'a0c93ed6cadbb9252a9696a2dae1b884';
    const picked = lookupGrams(md5);
    expect(picked).toHaveLength(MAX_LOOKUP_GRAMS);
    expect(picked[0]).toBe('a0');
    expect(picked.at(-1)).toBe('84');
    for (const gram of picked) expect(md5.includes(gram)).toBe(true);
  });
});

describe('buildSnippet', () => {
  it('highlights the source characters of each match, as written', () => {
    const parts = buildSnippet('请确认ＳＯ２０２４的报价', ['so2024', '报价']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['ＳＯ２０２４', '报价']);
    expect(parts.map((p) => p.text).join('')).toBe('请确认ＳＯ２０２４的报价');
  });

  it('cuts long texts around the first match', () => {
    const text = `${'前'.repeat(100)}目标${'后'.repeat(100)}`;
    const parts = buildSnippet(text, ['目标'], 10);
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.find((p) => p.hit)?.text).toBe('目标');
    expect(parts.at(-1)).toEqual({ text: '…', hit: false });
  });
});
