/**
 * Quoted replies are archived as plain `text` with a textual prefix (docs/wecom-sdk.md §7 "Quote/reply").
 * These produce every observed form, including the degenerate ones, so the app's quote parser meets them all.
 */

export type QuoteForm =
  'zh-ascii' | 'zh-curly' | 'zh-ascii-halfcolon' | 'zh-curly-halfcolon' | 'en' | 'wechat';

export function formatQuote(form: QuoteForm, user: string, quoted: string, reply: string): string {
  switch (form) {
    case 'zh-ascii':
      return `这是一条引用/回复消息：\n"${user}：\n${quoted}"\n------\n${reply}`;
    case 'zh-curly':
      return `这是一条引用/回复消息：\n“${user}：\n${quoted}”\n------\n${reply}`;
    case 'zh-ascii-halfcolon':
      return `这是一条引用/回复消息：\n"${user}:\n${quoted}"\n------\n${reply}`;
    case 'zh-curly-halfcolon':
      return `这是一条引用/回复消息：\n“${user}:\n${quoted}”\n------\n${reply}`;
    case 'en':
      return `This is a quote/reply:\n"${user}:\n${quoted}"\n------\n${reply}`;
    case 'wechat':
      return `「${user}：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`;
  }
}

/** Malformed quote texts; the app should fall back to showing them raw. */
export const DEGENERATE_QUOTES: readonly string[] = [
  // Verbatim shape of the WxJava fixture: the quote collapsed to a lone quotation mark.
  '这是一条引用/回复消息："\n------\n@nick777',
  // Prefix without the separator line.
  '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n好的收到',
  // Empty user and empty quote.
  '这是一条引用/回复消息：\n"：\n"\n------\n？',
  // Separator with five dashes instead of six, and an unterminated WeChat bracket.
  'This is a quote/reply:\n"Sam:\nok"\n-----\nsure',
  '「王总：价格还能再低点吗\n- - - - - - - - - - - - - - -\n不能了',
];
