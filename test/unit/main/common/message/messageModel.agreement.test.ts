import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_KINDS } from '../../../../../main/common/media/mediaKinds';
import {
  BODY_KINDS,
  FIELD_SEPARATOR,
  MAX_NESTING_DEPTH,
  mediaRefsOf,
  previewOf,
  quotableTextOf,
  readMessage,
  searchFieldsOf,
  type MediaRef,
  type Message,
} from '../../../../../main/common/message';
import { extractHeader } from '../../../../../main/services/archive/messageHeader';
import { readCorpusRecords } from '../../../../../native/standin/corpus/index';
import { demoCorpusDir } from '../../../../../build/paths';
import { mediaItemsOf } from '../../../../../renderer/features/media/mediaItems';
import { recordOfItem } from '../../../../../renderer/features/media/mediaRows';
import { CARDS } from '../../../../../renderer/features/reading/cards/MessageBodyView';
import { extractText, indexedTextOf } from '../../../../../renderer/search/extractText';
import { normalizeText } from '../../../../../renderer/search/normalize';
import { OFFICIAL_SAMPLES } from '../../../../fixtures/messages/officialSamples';

/**
 * One test for the message model (docs/ARCHITECTURE.md): every sample — the official ones of
 * docs/wecom-sdk.md §4.2, hostile content, malformed variants, nesting at and beyond the limit, and
 * the demo corpus when it has been built — goes through every projection, and the projections must
 * agree with the model and with each other.
 */

type Sample = { name: string; raw: string };

const header = (msgtype: string) => ({
  msgid: `agree_${msgtype}`,
  action: 'send',
  from: 'zhangwei',
  tolist: ['lina'],
  roomid: '',
  msgtime: 1_700_000_000_000,
  msgtype,
});
const msg = (msgtype: string, payload: Record<string, unknown>) =>
  JSON.stringify({ ...header(msgtype), ...payload });

const HOSTILE: Sample[] = [
  {
    name: 'markup text',
    raw: msg('text', { text: { content: '<script>alert(1)</script><img src=x onerror=alert(1)>你好' } }),
  },
  {
    name: 'markup link',
    raw: msg('link', {
      link: {
        title: '<b>中奖通知</b><script>alert("title")</script>',
        description: '<img src=x onerror=alert(2)>',
        link_url: "javascript:alert('link')",
        image_url: 'javascript:alert(2)',
      },
    }),
  },
  {
    name: 'markup weapp',
    raw: msg('weapp', {
      weapp: {
        title: '<svg onload=alert(1)>',
        description: '<a>x</a>',
        username: 'gh_<s>@app',
        displayname: '<i>小程序</i>',
      },
    }),
  },
  {
    name: 'impossible location',
    raw: msg('location', {
      location: { longitude: 999.999, latitude: -999.999, address: '<script>', title: '"><img>', zoom: 15 },
    }),
  },
  {
    name: 'RTL and zero-width',
    raw: msg('text', { text: { content: 'مرحبا \u202Eexe.fdp\u202C 零\u200B宽\uFEFF 👨‍👩‍👧‍👦' } }),
  },
  { name: 'huge text', raw: msg('text', { text: { content: '很长的消息'.repeat(20_000) } }) },
  ...['../../etc/passwd', 'a/b\\c.txt', '..', '', 'invoice\u202Efdp.exe', '%00.pdf'].map((filename, i) => ({
    name: `path-like file name ${i}`,
    raw: msg('file', {
      file: { filename, fileext: 'pdf', filesize: 10, md5sum: '', sdkfileid: `SDKPATH${i}` },
    }),
  })),
  {
    name: 'raw control characters',
    raw: `{"msgid":"ctl","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":1,"msgtype":"text","text":{"content":"控制\u0001字符\t制表\u001f结束\n换行"}}`,
  },
  {
    name: 'field separator inside a field',
    raw: msg('link', { link: { title: '季度\u001f报告', description: '说明', link_url: 'https://x' } }),
  },
  {
    name: 'image with a file name',
    raw: msg('image', { image: { filename: '截图.png', sdkfileid: 'SDKIMGNAME', md5sum: '' } }),
  },
  { name: 'text under info', raw: msg('text', { info: { content: '载荷放在了 info 里' } }) },
  { name: 'unknown type', raw: msg('brand_new', { brand_new: { title: '新类型', secret: 'no' } }) },
  {
    name: 'numbers where strings belong',
    raw: msg('link', { link: { title: 12345, description: 6, link_url: 7 } }),
  },
  {
    name: 'quote reply',
    raw: msg('text', { text: { content: '这是一条引用/回复消息：\n"李娜：\n明天几点开会"\n------\n十点' } }),
  },
];

/** Each official sample with its payload replaced by wrong shapes, and the raw text broken. */
function malformedVariants(sample: Sample): Sample[] {
  const json = JSON.parse(sample.raw) as Record<string, unknown>;
  const key = Object.keys(json).find(
    (k) => typeof json[k] === 'object' && json[k] !== null && k !== 'tolist',
  );
  const variants: Sample[] = [
    { name: `${sample.name}: truncated`, raw: sample.raw.slice(0, Math.floor(sample.raw.length / 2)) },
    { name: `${sample.name}: no msgtype`, raw: JSON.stringify({ ...json, msgtype: undefined }) },
  ];
  if (key) {
    for (const [label, value] of [
      ['{}', {}],
      ['null', null],
      ['[]', []],
      ['string', 'x'],
      ['number', 7],
      [
        'items of the wrong type',
        { item: [1, 'x', null, { type: 7, content: 8 }], details: 'x', voteitem: [1] },
      ],
    ] as const) {
      variants.push({
        name: `${sample.name}: payload ${label}`,
        raw: JSON.stringify({ ...json, [key]: value }),
      });
    }
  }
  return variants;
}

const NOT_MESSAGES: Sample[] = [
  { name: 'empty', raw: '' },
  { name: 'not json', raw: 'not json' },
  { name: 'array', raw: '[1,2]' },
  { name: 'number', raw: '42' },
  { name: 'null', raw: 'null' },
];

/** A chatrecord nested `depth` levels deep (level N at model depth N-1), a text and an image at each. */
function nested(depth: number): string {
  let inner: Record<string, unknown> = {
    title: `level ${depth}`,
    item: [
      { type: 'ChatRecordText', msgtime: 1, content: JSON.stringify({ content: `最深处的话 ${depth}` }) },
      {
        type: 'ChatRecordImage',
        msgtime: 1,
        content: JSON.stringify({ sdkfileid: `SDKDEEP${depth}`, filesize: 1 }),
      },
    ],
  };
  for (let level = depth - 1; level >= 1; level -= 1) {
    inner = {
      title: `level ${level}`,
      item: [
        { type: 'ChatRecordText', msgtime: 1, content: JSON.stringify({ content: `第 ${level} 层` }) },
        {
          type: 'ChatRecordImage',
          msgtime: 1,
          content: JSON.stringify({ sdkfileid: `SDKLEVEL${level}`, filesize: 1 }),
        },
        { type: 'chatrecord', msgtime: 1, content: JSON.stringify(inner) },
      ],
    };
  }
  return msg('chatrecord', { chatrecord: inner });
}

/** mixed inside chatrecord inside mixed: media and text at every step. */
const MIXED_IN_RECORDS = msg('chatrecord', {
  chatrecord: {
    title: '转发',
    item: [
      {
        type: 'ChatRecordMixed',
        msgtime: 1,
        content: JSON.stringify({
          item: [
            { type: 'text', content: JSON.stringify({ content: '图文消息' }) },
            { type: 'image', content: JSON.stringify({ sdkfileid: 'SDKMIXED1', md5sum: '' }) },
            {
              type: 'chatrecord',
              content: JSON.stringify({
                title: '内层',
                item: [
                  {
                    type: 'ChatRecordFile',
                    content: JSON.stringify({ filename: '内层.pdf', sdkfileid: 'SDKMIXED2' }),
                  },
                ],
              }),
            },
          ],
        }),
      },
    ],
  },
});

const NESTING: Sample[] = [
  1,
  MAX_NESTING_DEPTH - 1,
  MAX_NESTING_DEPTH,
  MAX_NESTING_DEPTH + 1,
  MAX_NESTING_DEPTH + 8,
].map((depth) => ({ name: `nested ${depth}`, raw: nested(depth) }));
NESTING.push({ name: 'mixed in records', raw: MIXED_IN_RECORDS });

const SAMPLES: Sample[] = [
  ...OFFICIAL_SAMPLES,
  ...HOSTILE,
  ...OFFICIAL_SAMPLES.flatMap(malformedVariants),
  ...NOT_MESSAGES,
  ...NESTING,
];

/** Body keys whose strings a card shows as text (ids, urls and people are shown by name, not searched). */
const VISIBLE_TEXT_KEYS = new Set([
  'content',
  'title',
  'description',
  'name',
  'wish',
  'topic',
  'address',
  'remarks',
  'place',
  'filename',
  'fileName',
  'corpname',
  'displayname',
  'options',
  'ques',
  'roomName',
]);

/** An independent walk of the model: visible strings and media references, anywhere in the body. */
function walk(message: Message): { visible: string[]; media: MediaRef[] } {
  const visible: string[] = [];
  const media: MediaRef[] = [];
  const visit = (value: unknown, key: string | null): void => {
    if (typeof value === 'string') {
      if (key !== null && VISIBLE_TEXT_KEYS.has(key) && value.trim() !== '') visible.push(value.trim());
      return;
    }
    if (Array.isArray(value)) {
      for (const entry of value) visit(entry, key);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if (object['kind'] === 'unsupported') return; // shown as raw JSON, searched by its common fields
    if (
      typeof object['sdkfileid'] === 'string' &&
      (MEDIA_KINDS as readonly unknown[]).includes(object['kind'])
    ) {
      media.push(object as unknown as MediaRef);
    }
    for (const [childKey, child] of Object.entries(object)) {
      if (childKey === 'quote') continue; // the quote's parts are inside `content`
      visit(child, childKey);
    }
  };
  visit(message.body, null);
  return { visible, media };
}

function checkAgreement(sample: Sample): void {
  const message = readMessage(sample.raw);
  expect(BODY_KINDS, sample.name).toContain(message.body.kind);

  // Cards: one for every kind.
  expect(typeof CARDS[message.body.kind], sample.name).toBe('function');

  // Media: every reference in the model is a media item and makes a media row.
  const { visible, media } = walk(message);
  const refs = mediaRefsOf(message);
  expect(
    refs.map((ref) => ref.sdkfileid),
    sample.name,
  ).toEqual(media.map((ref) => ref.sdkfileid));
  const items = mediaItemsOf(sample.raw);
  expect(items, sample.name).toEqual(refs);
  for (const item of items) {
    expect(recordOfItem(message.msgid, item)).toMatchObject({
      sdkfileid: item.sdkfileid,
      kind: item.kind,
      path: item.path,
    });
  }
  expect(new Set(items.map((item) => item.path)).size, `${sample.name}: media paths are unique`).toBe(
    items.length,
  );
  expect(indexedTextOf(sample.raw).hasMedia, sample.name).toBe(refs.length > 0);

  // Search: every visible text field is its own search field, and the index finds it.
  const fields = searchFieldsOf(message);
  for (const text of visible) expect(fields, `${sample.name}: "${text.slice(0, 40)}"`).toContain(text);
  const indexed = normalizeText(extractText(sample.raw));
  for (const field of fields) {
    const phrase = normalizeText(field.replaceAll(FIELD_SEPARATOR, ' '));
    expect(indexed.includes(phrase), `${sample.name}: finds "${field.slice(0, 40)}"`).toBe(true);
  }

  // Preview and quotable text: strings, never throwing; the preview is one line.
  const preview = previewOf(message);
  expect(typeof preview).toBe('string');
  expect(preview, sample.name).not.toMatch(/[\n\r]/);
  expect(Array.from(preview).length).toBeLessThanOrEqual(200);
  expect(typeof quotableTextOf(message)).toBe('string');

  // Main's header: the same reading of the header, or a clear refusal for what is not a message.
  const result = extractHeader(sample.raw);
  if (result.ok) {
    const { msgid: _msgid, body: _body, ...header } = message;
    expect(result.header, sample.name).toEqual(header);
  } else {
    expect(message.body, sample.name).toMatchObject({ kind: 'unsupported', reason: 'not-json' });
    expect(result.message).toMatch(/^decrypted message is not (JSON|a JSON object)/);
  }
}

describe('the message model and its projections agree', () => {
  it('the card table covers every body kind, and every kind has a sample', () => {
    for (const kind of BODY_KINDS) expect(typeof CARDS[kind], kind).toBe('function');
    const seen = new Set(SAMPLES.map((sample) => readMessage(sample.raw).body.kind));
    for (const kind of BODY_KINDS) expect(seen, kind).toContain(kind);
  });

  it.each(SAMPLES.map((sample) => [sample.name, sample] as const))('%s', (_name, sample) => {
    checkAgreement(sample);
  });

  it('nesting stops at one limit, the same for every projection', () => {
    const at = readMessage(nested(MAX_NESTING_DEPTH));
    expect(mediaRefsOf(at).map((ref) => ref.sdkfileid)).toContain(`SDKDEEP${MAX_NESTING_DEPTH}`);
    expect(searchFieldsOf(at)).toContain(`最深处的话 ${MAX_NESTING_DEPTH}`);
    const beyond = readMessage(nested(MAX_NESTING_DEPTH + 1));
    expect(mediaRefsOf(beyond).map((ref) => ref.sdkfileid)).not.toContain(`SDKDEEP${MAX_NESTING_DEPTH + 1}`);
    expect(searchFieldsOf(beyond)).not.toContain(`最深处的话 ${MAX_NESTING_DEPTH + 1}`);
    expect(mediaRefsOf(beyond).map((ref) => ref.sdkfileid)).toContain(`SDKLEVEL${MAX_NESTING_DEPTH}`);
    const mixed = readMessage(MIXED_IN_RECORDS);
    expect(mediaRefsOf(mixed).map((ref) => ref.path)).toEqual([
      'chatrecord.item[0].content.item[1]',
      'chatrecord.item[0].content.item[2].content.item[0]',
    ]);
  });
});

/** The demo corpus the stand-in serves (showcase and hostile recipes included), once it is built. */
const demoManifest = path.join(demoCorpusDir, 'manifest.json');
describe.runIf(existsSync(demoManifest))('the built demo corpus agrees too', () => {
  it('every record', async () => {
    const manifest = JSON.parse(readFileSync(demoManifest, 'utf8')) as { corps: Array<{ corpid: string }> };
    let count = 0;
    for (const corp of manifest.corps) {
      for await (const record of readCorpusRecords(demoCorpusDir, corp.corpid)) {
        checkAgreement({ name: record.msgid, raw: record.body.toString('utf8') });
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(0);
  }, 120_000);
});
