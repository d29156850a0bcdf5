import { describe, expect, it } from 'vitest';
import { parseQuote } from '../../../../main/common/message/quote';

describe('parseQuote: the documented forms (docs/wecom-sdk.md §7)', () => {
  it('Chinese client, curly quotes and full-width colon (the observed example)', () => {
    expect(
      parseQuote(
        '这是一条引用/回复消息：\n“奔波儿灞：\n那意外险的话 对于疾病有什么限制吗”\n------\n这个没有限制的',
      ),
    ).toEqual({
      form: 'zh',
      user: '奔波儿灞',
      quoted: '那意外险的话 对于疾病有什么限制吗',
      reply: '这个没有限制的',
    });
  });

  it.each([
    ['ascii quotes, full-width colon', '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n------\n九点'],
    ['ascii quotes, half-width colon', '这是一条引用/回复消息：\n"李娜:\n明天几点开会"\n------\n九点'],
    ['curly quotes, half-width colon', '这是一条引用/回复消息：\n“李娜:\n明天几点开会”\n------\n九点'],
    ['no newline after the colon', '这是一条引用/回复消息：\n"李娜：明天几点开会"\n------\n九点'],
  ])('Chinese client, %s', (_name, text) => {
    expect(parseQuote(text)).toEqual({ form: 'zh', user: '李娜', quoted: '明天几点开会', reply: '九点' });
  });

  it('English client', () => {
    expect(parseQuote('This is a quote/reply:\n"Sam:\nsee you at 9"\n------\nok')).toEqual({
      form: 'en',
      user: 'Sam',
      quoted: 'see you at 9',
      reply: 'ok',
    });
  });

  it('WeChat form', () => {
    expect(parseQuote('「王总：价格还能再低点吗」\n- - - - - - - - - - - - - - -\n不能了')).toEqual({
      form: 'wechat',
      user: '王总',
      quoted: '价格还能再低点吗',
      reply: '不能了',
    });
  });

  it('multi-line quoted text and reply, quoted picture label', () => {
    expect(parseQuote('这是一条引用/回复消息：\n"张伟：\n第一行\n第二行"\n------\n回复1\n回复2')).toEqual({
      form: 'zh',
      user: '张伟',
      quoted: '第一行\n第二行',
      reply: '回复1\n回复2',
    });
    expect(parseQuote('这是一条引用/回复消息：\n"张伟：\n[图片]"\n------\n收到')?.quoted).toBe('[图片]');
  });

  it('a quote of markup keeps it as text', () => {
    expect(parseQuote('This is a quote/reply:\n"<b>x</b>:\n<script>"\n------\n<img>')).toEqual({
      form: 'en',
      user: '<b>x</b>',
      quoted: '<script>',
      reply: '<img>',
    });
  });
});

describe('parseQuote: near-misses stay raw text', () => {
  it.each([
    ['the WxJava fixture (quote collapsed to a lone mark)', '这是一条引用/回复消息："\n------\n@nick777'],
    ['no separator line', '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n好的收到'],
    ['empty user and empty quote', '这是一条引用/回复消息：\n"：\n"\n------\n？'],
    ['five dashes', 'This is a quote/reply:\n"Sam:\nok"\n-----\nsure'],
    ['seven dashes', 'This is a quote/reply:\n"Sam:\nok"\n-------\nsure'],
    ['unterminated WeChat bracket', '「王总：价格还能再低点吗\n- - - - - - - - - - - - - - -\n不能了'],
    ['WeChat separator too short', '「王总：价格」\n- - - - -\n不能了'],
    ['WeChat without a colon', '「王总价格」\n- - - - - - - - - - - - - - -\n不能了'],
    ['prefix in the middle of a text', '你好 这是一条引用/回复消息：\n"李娜：\n明天"\n------\n好'],
    ['no user colon', '这是一条引用/回复消息：\n"李娜\n明天"\n------\n好'],
    ['plain text', '明天几点开会'],
    ['empty', ''],
  ])('%s', (_name, text) => {
    expect(parseQuote(text)).toBeNull();
  });
});
