import type { BodyKind, BodyOf, MediaRef, MessageBody } from '../../common/message';
import { formatDuration } from '../../common/text/duration';

/**
 * One message body as static HTML for index.html and report.pdf (issue 13, docs/evidence.md §2): the
 * same model the reader's cards draw (main/common/message), every kind, nested chat records and mixed
 * items included. Everything from the archive is escaped text; nothing loads from the network (URLs
 * are written out, never linked or fetched); media are files of the bundle.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** A media item as the bundle holds it. */
export interface BundledMedia {
  /** `media/<sha256>.<ext>`, or null when the item was not downloaded. */
  href: string | null;
  /** Voice: the WAV made from it. */
  wavHref: string | null;
  sha256: string | null;
}

export interface CardContext {
  /** The bundle's words: key → text, `{{name}}` replaced from `vars`. */
  L(key: string, vars?: Record<string, string | number>): string;
  /** A user or chat id as the reader names it. */
  name(id: string): string;
  /** A time with its zone, e.g. `2024-06-01 10:00:00 UTC+08:00`. */
  time(ms: number | null): string;
  media(ref: MediaRef): BundledMedia;
  /** The anchor of a message already in the bundle, or null. */
  anchorOf(msgid: string): string | null;
  /** The anchor of the quoted original in the bundle, or null. */
  quoteTarget(quoted: string): string | null;
}

const text = (value: string | null | undefined): string =>
  value === null || value === undefined ? '' : escapeHtml(value);

function bytes(size: number | null): string {
  if (size === null) return '';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** Label/value rows; rows with an empty value are left out. */
function fields(ctx: CardContext, rows: Array<[string, string | number | null | undefined]>): string {
  const out: string[] = [];
  for (const [key, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    out.push(`<dt>${escapeHtml(ctx.L(key))}</dt><dd>${escapeHtml(String(value))}</dd>`);
  }
  return out.length ? `<dl class="f">${out.join('')}</dl>` : '';
}

function frame(ctx: CardContext, kind: string, inner: string): string {
  return `<div class="card k-${kind}"><div class="ct">${escapeHtml(ctx.L(`type.${kind}`))}</div>${inner}</div>`;
}

function mediaFacts(ctx: CardContext, ref: MediaRef, bundled: BundledMedia): string {
  return fields(ctx, [
    ['bundle.field.fileName', ref.fileName],
    ['bundle.field.size', bytes(ref.size)],
    ['bundle.field.duration', ref.playLength === undefined ? null : formatDuration(ref.playLength)],
    ['bundle.field.md5', ref.md5sum],
    ['bundle.field.sha256', bundled.sha256],
  ]);
}

function missing(ctx: CardContext): string {
  return `<p class="miss">${escapeHtml(ctx.L('bundle.mediaMissing'))}</p>`;
}

function mediaCard(ctx: CardContext, kind: string, ref: MediaRef): string {
  const bundled = ctx.media(ref);
  let view: string;
  if (!bundled.href) view = missing(ctx);
  else if (kind === 'image' || kind === 'emotion')
    view = `<img src="${escapeHtml(bundled.href)}" alt="${escapeHtml(ctx.L(`type.${kind}`))}">`;
  else if (kind === 'voice')
    view =
      (bundled.wavHref
        ? `<audio controls preload="none" src="${escapeHtml(bundled.wavHref)}"></audio><p class="pl">${escapeHtml(bundled.wavHref)}</p>`
        : '') +
      `<p><a href="${escapeHtml(bundled.href)}">${escapeHtml(ctx.L('bundle.originalFile'))}</a></p>`;
  else view = `<p><a href="${escapeHtml(bundled.href)}">${escapeHtml(bundled.href)}</a></p>`;
  return frame(ctx, kind, view + mediaFacts(ctx, ref, bundled));
}

function quoteBlock(ctx: CardContext, body: BodyOf<'text'>): string {
  const quote = body.quote;
  if (!quote) return `<div class="tx">${text(body.content)}</div>`;
  const target = ctx.quoteTarget(quote.quoted);
  const link = target
    ? `<a class="ql" href="#${target}">${escapeHtml(ctx.L('bundle.quoteOriginal'))}</a>`
    : `<span class="muted">${escapeHtml(ctx.L('bundle.quoteNotInBundle'))}</span>`;
  return (
    `<blockquote class="q"><div class="qu">${escapeHtml(ctx.L('bundle.quoteOf', { name: quote.user }))}</div>` +
    `<div class="tx">${text(quote.quoted)}</div>${link}</blockquote><div class="tx">${text(quote.reply)}</div>`
  );
}

type Renderers = { [K in BodyKind]: (body: BodyOf<K>, ctx: CardContext, depth: number) => string };

const RENDERERS: Renderers = {
  text: (body, ctx) => `<div class="card k-text">${quoteBlock(ctx, body)}</div>`,
  markdown: (body, ctx) => frame(ctx, 'markdown', `<div class="tx">${text(body.content)}</div>`),
  image: (body, ctx) => mediaCard(ctx, 'image', body.media),
  voice: (body, ctx) => mediaCard(ctx, 'voice', body.media),
  video: (body, ctx) => mediaCard(ctx, 'video', body.media),
  file: (body, ctx) => mediaCard(ctx, 'file', body.media),
  emotion: (body, ctx) => mediaCard(ctx, 'emotion', body.media),
  meeting_voice_call: (body, ctx) =>
    frame(
      ctx,
      'meeting_voice_call',
      fields(ctx, [
        ['bundle.field.id', body.voiceid],
        ['bundle.field.end', body.end === null ? null : ctx.time(body.end)],
      ]) +
        (body.media ? mediaCard(ctx, 'voice', body.media) : '') +
        body.docShares
          .map((share) =>
            fields(ctx, [
              ['bundle.field.fileName', share.filename],
              ['bundle.field.user', share.operator === null ? null : ctx.name(share.operator)],
              ['bundle.field.start', share.start === null ? null : ctx.time(share.start)],
              ['bundle.field.end', share.end === null ? null : ctx.time(share.end)],
            ]),
          )
          .join('') +
        body.screenShares
          .map((share) =>
            fields(ctx, [
              ['bundle.field.screenShare', share.user === null ? null : ctx.name(share.user)],
              ['bundle.field.start', share.start === null ? null : ctx.time(share.start)],
              ['bundle.field.end', share.end === null ? null : ctx.time(share.end)],
            ]),
          )
          .join(''),
    ),
  voip_doc_share: (body, ctx) =>
    frame(
      ctx,
      'voip_doc_share',
      fields(ctx, [['bundle.field.id', body.voipid]]) + mediaCard(ctx, 'file', body.media),
    ),
  revoke: (body, ctx) => {
    const target = ctx.anchorOf(body.preMsgid);
    const link = target
      ? ` <a href="#${target}">${escapeHtml(ctx.L('bundle.revokedMessage'))}</a>`
      : ` <span class="muted">${escapeHtml(ctx.L('bundle.revokedNotInBundle', { msgid: body.preMsgid }))}</span>`;
    return `<div class="sys">${escapeHtml(ctx.L('type.revoke'))}${link}</div>`;
  },
  agree: (body, ctx) => consent(ctx, body),
  disagree: (body, ctx) => consent(ctx, body),
  switch: (body, ctx) =>
    `<div class="sys">${escapeHtml(ctx.L('type.switch'))} · ${text(body.user === null ? '' : ctx.name(body.user))} ${text(body.time === null ? '' : ctx.time(body.time))}</div>`,
  voiptext: (body, ctx) =>
    frame(
      ctx,
      'voiptext',
      fields(ctx, [
        ['bundle.field.duration', body.durationSec === null ? null : formatDuration(body.durationSec)],
      ]),
    ),
  card: (body, ctx) =>
    frame(
      ctx,
      'card',
      fields(ctx, [
        ['bundle.field.corpName', body.corpname],
        ['bundle.field.user', body.userid === null ? null : ctx.name(body.userid)],
      ]),
    ),
  location: (body, ctx) =>
    frame(
      ctx,
      'location',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.address', body.address],
        [
          'bundle.field.coordinates',
          body.longitude === null || body.latitude === null ? null : `${body.longitude}, ${body.latitude}`,
        ],
      ]),
    ),
  link: (body, ctx) =>
    frame(
      ctx,
      'link',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.description', body.description],
        ['bundle.field.url', body.url],
      ]),
    ),
  weapp: (body, ctx) =>
    frame(
      ctx,
      'weapp',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.description', body.description],
        ['bundle.field.app', body.displayname ?? body.username],
      ]),
    ),
  news: (body, ctx) =>
    frame(
      ctx,
      'news',
      body.items
        .map((item) =>
          fields(ctx, [
            ['bundle.field.title', item.title],
            ['bundle.field.description', item.description],
            ['bundle.field.url', item.url],
          ]),
        )
        .join(''),
    ),
  docmsg: (body, ctx) =>
    frame(
      ctx,
      'docmsg',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.creator', body.creator === null ? null : ctx.name(body.creator)],
        ['bundle.field.url', body.url],
      ]),
    ),
  sphfeed: (body, ctx) =>
    frame(
      ctx,
      'sphfeed',
      fields(ctx, [
        ['bundle.field.title', body.name],
        ['bundle.field.description', body.description],
      ]),
    ),
  qydiskfile: (body, ctx) =>
    frame(ctx, 'qydiskfile', fields(ctx, [['bundle.field.fileName', body.filename]])),
  chatrecord: (body, ctx, depth) =>
    frame(
      ctx,
      'chatrecord',
      (body.title ? `<div class="rt">${text(body.title)}</div>` : '') +
        `<ol class="rec">${body.items
          .map(
            (item) =>
              `<li><div class="rh">${text(item.msgtime === null ? '' : ctx.time(item.msgtime))}</div>${renderBody(item.body, ctx, depth + 1)}</li>`,
          )
          .join('')}</ol>`,
    ),
  mixed: (body, ctx, depth) =>
    frame(ctx, 'mixed', body.items.map((item) => renderBody(item, ctx, depth + 1)).join('')),
  todo: (body, ctx) =>
    frame(
      ctx,
      'todo',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.content', body.content],
      ]),
    ),
  vote: (body, ctx) =>
    frame(
      ctx,
      'vote',
      fields(ctx, [['bundle.field.title', body.title]]) +
        `<ul>${body.options.map((option) => `<li>${text(option)}</li>`).join('')}</ul>`,
    ),
  collect: (body, ctx) =>
    frame(
      ctx,
      'collect',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.chat', body.roomName],
        ['bundle.field.creator', body.creator],
        ['bundle.field.created', body.createTime],
      ]) + `<ul>${body.details.map((detail) => `<li>${text(detail.ques)}</li>`).join('')}</ul>`,
    ),
  calendar: (body, ctx) =>
    frame(
      ctx,
      'calendar',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.creator', body.creator === null ? null : ctx.name(body.creator)],
        ['bundle.field.attendees', body.attendees.map((id) => ctx.name(id)).join(', ')],
        ['bundle.field.start', body.start === null ? null : ctx.time(body.start)],
        ['bundle.field.end', body.end === null ? null : ctx.time(body.end)],
        ['bundle.field.place', body.place],
        ['bundle.field.remarks', body.remarks],
      ]),
    ),
  meeting: (body, ctx) =>
    frame(
      ctx,
      'meeting',
      fields(ctx, [
        ['bundle.field.title', body.topic],
        ['bundle.field.start', body.start === null ? null : ctx.time(body.start)],
        ['bundle.field.end', body.end === null ? null : ctx.time(body.end)],
        ['bundle.field.address', body.address],
        ['bundle.field.remarks', body.remarks],
        ['bundle.field.id', body.meetingId],
      ]),
    ),
  meeting_notification: (body, ctx) =>
    frame(
      ctx,
      'meeting_notification',
      fields(ctx, [
        ['bundle.field.content', body.content],
        ['bundle.field.id', body.meetingId],
      ]),
    ),
  solitaire: (body, ctx) =>
    frame(
      ctx,
      'solitaire',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.content', body.content],
      ]) +
        `<ol>${body.entries
          .map(
            (entry) =>
              `<li>${text(entry.userid === null ? '' : ctx.name(entry.userid))} ${text(entry.content)}</li>`,
          )
          .join('')}</ol>`,
    ),
  note: (body, ctx) =>
    frame(
      ctx,
      'note',
      fields(ctx, [
        ['bundle.field.title', body.title],
        ['bundle.field.content', body.content],
        ['bundle.field.url', body.url],
      ]),
    ),
  redpacket: (body, ctx) =>
    frame(
      ctx,
      body.external ? 'external_redpacket' : 'redpacket',
      fields(ctx, [
        ['bundle.field.wish', body.wish],
        ['bundle.field.count', body.totalCount],
        ['bundle.field.amount', body.totalAmount === null ? null : `¥${(body.totalAmount / 100).toFixed(2)}`],
      ]),
    ),
  unsupported: (body, ctx) =>
    frame(
      ctx,
      'unknown',
      fields(ctx, [
        ['bundle.field.msgtype', body.msgtype],
        ['bundle.field.reason', body.detail ?? body.reason],
      ]) + (body.payload ? `<pre class="raw">${text(JSON.stringify(body.payload, null, 2))}</pre>` : ''),
    ),
};

function consent(ctx: CardContext, body: BodyOf<'agree' | 'disagree'>): string {
  const who = body.userid === null ? '' : ctx.name(body.userid);
  const when = body.time === null ? '' : ctx.time(body.time);
  return `<div class="sys">${escapeHtml(ctx.L(`type.${body.kind}`))} · ${text(who)} ${text(when)}</div>`;
}

/** The HTML of one body (nested bodies of mixed and chatrecord come back here). */
export function renderBody(body: MessageBody, ctx: CardContext, depth = 0): string {
  const render = RENDERERS[body.kind] as (body: MessageBody, ctx: CardContext, depth: number) => string;
  return render(body, ctx, depth);
}
