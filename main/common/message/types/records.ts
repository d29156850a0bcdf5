import { arr, str } from '../fields';
import {
  MAX_NESTING_DEPTH,
  malformed,
  oneLine,
  present,
  projection,
  type ParseContext,
  type TypeModule,
} from '../module';

/** The path of item `index`: `chatrecord.item[0]`, nested `chatrecord.item[0].content.item[1]`. */
const itemPath = (context: ParseContext, index: number): string =>
  `${context.path}${context.payloadKey === 'content' ? '.content' : ''}.item[${index}]`;

/**
 * Messages made of other messages (docs/wecom-sdk.md §4.2): chatrecord (a forwarded chat history;
 * items typed ChatRecordXxx, msgtime in seconds) and mixed (items typed by plain msgtype). Each
 * item's `content` is a JSON string shaped like the top-level payload; records nest, up to
 * MAX_NESTING_DEPTH, beyond which the record is malformed (shown as its raw JSON).
 */
export const recordsModule: TypeModule<'chatrecord' | 'mixed'> = {
  parsers: {
    chatrecord: (msgtype, p, context) => {
      const items = arr(p, 'item');
      if (!items || context.depth >= MAX_NESTING_DEPTH) return malformed(msgtype, p);
      return {
        kind: 'chatrecord',
        title: str(p, 'title'),
        items: items.map((item, index) =>
          context.items.recordItem(item, itemPath(context, index), context.depth + 1),
        ),
      };
    },
    mixed: (msgtype, p, context) => {
      const items = arr(p, 'item');
      if (!items || context.depth >= MAX_NESTING_DEPTH) return malformed(msgtype, p);
      return {
        kind: 'mixed',
        items: items.map((item, index) =>
          context.items.mixedItem(item, itemPath(context, index), context.depth + 1),
        ),
      };
    },
  },
  kinds: {
    chatrecord: projection({
      searchFields: (body, all) => [
        ...present(body.title),
        ...body.items.flatMap((item) => all.searchFields(item.body)),
      ],
      mediaRefs: (body, all) => body.items.flatMap((item) => all.mediaRefs(item.body)),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    mixed: projection({
      searchFields: (body, all) => body.items.flatMap((item) => all.searchFields(item)),
      mediaRefs: (body, all) => body.items.flatMap((item) => all.mediaRefs(item)),
      preview: (body, all) => oneLine(present(...body.items.map((item) => all.preview(item))).join(' ')),
      quotableText: (body, all) => present(...body.items.map((item) => all.quotableText(item))).join('\n'),
    }),
  },
};
