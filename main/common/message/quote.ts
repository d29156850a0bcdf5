/**
 * Quoted replies are archived as plain `text` with a textual prefix (docs/wecom-sdk.md §7). Three forms:
 *
 *   这是一条引用/回复消息：\n"USER：\nQUOTED"\n------\nREPLY     (Chinese client; “ ” or ", ： or :)
 *   This is a quote/reply:\n"USER:\nQUOTED"\n------\nREPLY       (English client)
 *   「USER：QUOTED」\n- - - - - - - - - - - - - - -\nREPLY          (WeChat side)
 *
 * Anything that does not match exactly — a missing separator, five dashes, an empty user, an
 * unterminated 「 — is not a quote and is shown as the raw text it is (the WxJava fixture shows such
 * degenerate forms exist).
 */
export type QuoteForm = 'zh' | 'en' | 'wechat';

export interface ParsedQuote {
  form: QuoteForm;
  /** The quoted author's display name as the client wrote it (not an id). */
  user: string;
  quoted: string;
  reply: string;
}

const CLIENT_FORM =
  /^(这是一条引用\/回复消息：|This is a quote\/reply:)\n(["“])([^\n"“”]*?)[：:]\n?([\s\S]*?)["”]\n------\n([\s\S]*)$/;
const WECHAT_FORM = /^「([^「」\n：:]+)[：:]([\s\S]*?)」\n-(?: -){14}\n([\s\S]*)$/;

export function parseQuote(text: string): ParsedQuote | null {
  const client = CLIENT_FORM.exec(text);
  if (client) {
    const [, prefix = '', , user = '', quoted = '', reply = ''] = client;
    if (user.trim() === '') return null;
    return { form: prefix.startsWith('This') ? 'en' : 'zh', user, quoted, reply };
  }
  const wechat = WECHAT_FORM.exec(text);
  if (wechat) {
    const [, user = '', quoted = '', reply = ''] = wechat;
    if (user.trim() === '') return null;
    return { form: 'wechat', user, quoted, reply };
  }
  return null;
}
