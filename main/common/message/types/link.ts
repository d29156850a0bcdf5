import { arr, asObject, str, type JsonObject } from '../fields';
import { numberAt, recordParser, textFields } from '../fieldTable';
import type { NewsItem } from '../model';
import { malformed, oneLine, present, projection, type TypeModule } from '../module';

/**
 * Shared content shown as a card (docs/wecom-sdk.md §4.2): link, weapp (mini-program), news
 * (payload under `info`), docmsg (payload under `doc`), sphfeed (视频号) and qydiskfile (微盘,
 * not downloadable through GetMediaData).
 */
export const linkModule: TypeModule<'link' | 'weapp' | 'news' | 'docmsg' | 'sphfeed' | 'qydiskfile'> = {
  parsers: {
    link: recordParser('link', ['title', 'url'], {
      title: 'title',
      description: 'description',
      url: 'link_url',
      imageUrl: 'image_url',
    }),
    weapp: recordParser('weapp', ['title', 'displayname', 'username'], {
      title: 'title',
      description: 'description',
      username: 'username',
      displayname: 'displayname',
    }),
    news: (msgtype, p) => {
      const items = arr(p, 'item');
      if (!items) return malformed(msgtype, p);
      return {
        kind: 'news',
        items: items.map((entry): NewsItem => {
          const n: JsonObject | null = asObject(entry);
          const field = (key: string) => str(n, key);
          return {
            title: field('title'),
            description: field('description'),
            url: field('url'),
            picurl: field('picurl'),
          };
        }),
      };
    },
    docmsg: recordParser('docmsg', ['title', 'url'], {
      title: 'title',
      creator: 'doc_creator',
      url: 'link_url',
    }),
    sphfeed: recordParser('sphfeed', ['name', 'description'], {
      feedType: numberAt('feed_type'),
      name: 'sph_name',
      description: 'feed_desc',
    }),
    qydiskfile: recordParser('qydiskfile', ['filename'], { filename: 'filename' }),
  },
  kinds: {
    link: textFields({
      search: ['title', 'description'],
      preview: ['title', 'description'],
      quote: ['title'],
    }),
    weapp: textFields({
      search: ['title', 'description', 'displayname'],
      preview: ['title', 'displayname'],
      quote: ['title'],
    }),
    news: projection({
      searchFields: (body) => body.items.flatMap((item) => present(item.title, item.description)),
      preview: (body) => oneLine(body.items[0]?.title ?? ''),
    }),
    docmsg: textFields({ search: ['title'], quote: ['title'] }),
    sphfeed: textFields({ search: ['name', 'description'], preview: ['description', 'name'] }),
    qydiskfile: textFields({ search: ['filename'], quote: ['filename'] }),
  },
};
