import { anyOf, arr, asObject, num, str, type JsonObject } from '../fields';
import type { NewsItem } from '../model';
import { malformed, oneLine, present, projection, type TypeModule } from '../module';

/**
 * Shared content shown as a card (docs/wecom-sdk.md §4.2): link, weapp (mini-program), news
 * (payload under `info`), docmsg (payload under `doc`), sphfeed (视频号) and qydiskfile (微盘,
 * not downloadable through GetMediaData).
 */
export const linkModule: TypeModule<'link' | 'weapp' | 'news' | 'docmsg' | 'sphfeed' | 'qydiskfile'> = {
  parsers: {
    link: (msgtype, p) => {
      const body = {
        kind: 'link' as const,
        title: str(p, 'title'),
        description: str(p, 'description'),
        url: str(p, 'link_url'),
        imageUrl: str(p, 'image_url'),
      };
      return anyOf(body.title, body.url) ? body : malformed(msgtype, p);
    },
    weapp: (msgtype, p) => {
      const body = {
        kind: 'weapp' as const,
        title: str(p, 'title'),
        description: str(p, 'description'),
        username: str(p, 'username'),
        displayname: str(p, 'displayname'),
      };
      return anyOf(body.title, body.displayname, body.username) ? body : malformed(msgtype, p);
    },
    news: (msgtype, p) => {
      const items = arr(p, 'item');
      if (!items) return malformed(msgtype, p);
      return {
        kind: 'news',
        items: items.map((entry): NewsItem => {
          const n: JsonObject | null = asObject(entry);
          return {
            title: str(n, 'title'),
            description: str(n, 'description'),
            url: str(n, 'url'),
            picurl: str(n, 'picurl'),
          };
        }),
      };
    },
    docmsg: (msgtype, p) => {
      const body = {
        kind: 'docmsg' as const,
        title: str(p, 'title'),
        creator: str(p, 'doc_creator'),
        url: str(p, 'link_url'),
      };
      return anyOf(body.title, body.url) ? body : malformed(msgtype, p);
    },
    sphfeed: (msgtype, p) => {
      const body = {
        kind: 'sphfeed' as const,
        feedType: num(p, 'feed_type'),
        name: str(p, 'sph_name'),
        description: str(p, 'feed_desc'),
      };
      return anyOf(body.name, body.description) ? body : malformed(msgtype, p);
    },
    qydiskfile: (msgtype, p) => {
      const filename = str(p, 'filename');
      return filename === null ? malformed(msgtype, p) : { kind: 'qydiskfile', filename };
    },
  },
  kinds: {
    link: projection({
      searchFields: (body) => present(body.title, body.description),
      preview: (body) => oneLine(body.title ?? body.description ?? ''),
      quotableText: (body) => body.title ?? '',
    }),
    weapp: projection({
      searchFields: (body) => present(body.title, body.description, body.displayname),
      preview: (body) => oneLine(body.title ?? body.displayname ?? ''),
      quotableText: (body) => body.title ?? '',
    }),
    news: projection({
      searchFields: (body) => body.items.flatMap((item) => present(item.title, item.description)),
      preview: (body) => oneLine(body.items[0]?.title ?? ''),
    }),
    docmsg: projection({
      searchFields: (body) => present(body.title),
      quotableText: (body) => body.title ?? '',
    }),
    sphfeed: projection({
      searchFields: (body) => present(body.name, body.description),
      preview: (body) => oneLine(body.description ?? body.name ?? ''),
    }),
    qydiskfile: projection({
      searchFields: (body) => present(body.filename),
      quotableText: (body) => body.filename ?? '',
    }),
  },
};
