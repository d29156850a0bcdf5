import { describe, expect, it } from 'vitest';
import { parseQuote, type ParsedQuote, type QuoteForm } from '../../../../../main/common/message/quote';

describe('parseQuote: the documented forms (docs/wecom-sdk.md §7)', () => {
  const quote = (form: QuoteForm, user: string, quoted: string, reply: string): ParsedQuote => ({
    form,
    user,
    quoted,
    reply,
  });
  const chineseVariants: Array<[name: string, text: string]> = [
    ['ascii quotes, full-width colon', '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n------\n九点'],
    ['ascii quotes, half-width colon', '这是一条引用/回复消息：\n"李娜:\n明天几点开会"\n------\n九点'],
    ['curly quotes, half-width colon', '这是一条引用/回复消息：\n“李娜:\n明天几点开会”\n------\n九点'],
    ['no newline after the colon', '这是一条引用/回复消息：\n"李娜：明天几点开会"\n------\n九点'],
  ];
  const cases: Array<[name: string, text: string, expected: ParsedQuote]> = [
    [
      'Chinese client, curly quotes and full-width colon (the observed example)',
      '这是一条引用/回复消息：\n“奔波儿灞：\n那意外险的话 对于疾病有什么限制吗”\n------\n这个没有限制的',
      quote('zh', '奔波儿灞', '那意外险的话 对于疾病有什么限制吗', '这个没有限制的'),
    ],
    ...chineseVariants.map(([name, text]): [string, string, ParsedQuote] => [
      `Chinese client, ${name}`,
      text,
      quote('zh', '李娜', '明天几点开会', '九点'),
    ]),
    [
      'English client',
      'This is a quote/reply:\n"Sam:\nsee you at 9"\n------\nok',
      quote('en', 'Sam', 'see you at 9', 'ok'),
    ],
    [
      'WeChat form',
      '「王总：价格还能再低点吗」\n- - - - - - - - - - - - - - -\n不能了',
      quote('wechat', '王总', '价格还能再低点吗', '不能了'),
    ],
    [
      'multi-line quoted text and reply',
      '这是一条引用/回复消息：\n"张伟：\n第一行\n第二行"\n------\n回复1\n回复2',
      quote('zh', '张伟', '第一行\n第二行', '回复1\n回复2'),
    ],
    [
      'a quoted picture label',
      '这是一条引用/回复消息：\n"张伟：\n[图片]"\n------\n收到',
      quote('zh', '张伟', '[图片]', '收到'),
    ],
    [
      'a quote of markup keeps it as text',
      'This is a quote/reply:\n"<b>x</b>:\n<script>"\n------\n<img>',
      quote('en', '<b>x</b>', '<script>', '<img>'),
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseQuote(text)).toEqual(expected);
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
