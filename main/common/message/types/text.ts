import { strictStr } from '../fields';
import { malformed, oneLine, projection, type TypeModule } from '../module';
import { parseQuote } from '../quote';

/**
 * text (docs/wecom-sdk.md §4.2; quoted replies are text with a prefix, docs/wecom-sdk.md §7) and markdown (payload
 * under `info`, bot-sent).
 */
export const textModule: TypeModule<'text' | 'markdown'> = {
  parsers: {
    text: (msgtype, p, context) => {
      const content = strictStr(p, 'content');
      if (content === null) return malformed(msgtype, p);
      return { kind: 'text', content, quote: parseQuote(content), fromKey: context.payloadKey };
    },
    markdown: (msgtype, p) => {
      const content = strictStr(p, 'content');
      return content === null ? malformed(msgtype, p) : { kind: 'markdown', content };
    },
  },
  kinds: {
    text: projection({
      searchFields: (body) => [body.content],
      preview: (body) => oneLine(body.quote?.reply ?? body.content),
      quotableText: (body) => body.quote?.reply ?? body.content,
    }),
    markdown: projection({
      searchFields: (body) => [body.content],
      quotableText: (body) => body.content,
    }),
  },
};
