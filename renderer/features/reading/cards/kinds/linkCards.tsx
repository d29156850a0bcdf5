import { useTranslation } from 'react-i18next';
import { CardFrame, Field, IdField, Line, type CardProps, type CardTable } from '../cardParts';
import { ExternalLink } from '../ExternalLink';
import { RichText } from '../RichText';

function RemoteImage({ url }: { url: string | null }) {
  const { t } = useTranslation();
  if (!url) return null;
  return (
    <div className="muted small">
      {t('reading.card.remoteImageNotLoaded')} <code className="break">{url}</code>
    </div>
  );
}

function LinkCard({ body }: CardProps<'link'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="link" title={<bdi>{body.title ?? t('reading.type.link')}</bdi>}>
      <Line className="muted" text={body.description} />
      {body.url !== null ? (
        <ExternalLink url={body.url} />
      ) : (
        <span className="muted">{t('reading.card.noUrl')}</span>
      )}
      <RemoteImage url={body.imageUrl} />
    </CardFrame>
  );
}

function WeappCard({ body }: CardProps<'weapp'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="weapp" title={<bdi>{body.displayname ?? t('reading.type.weapp')}</bdi>}>
      <Line text={body.title} />
      <Line className="muted" text={body.description} />
      <IdField label={t('reading.card.weappId')} id={body.username} />
    </CardFrame>
  );
}

function NewsCard({ body }: CardProps<'news'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="news" title={t('reading.type.news')}>
      {body.items.map((item, i) => (
        <div key={i} className="news-item">
          <Line className="strong" text={item.title ?? '—'} />
          <Line className="muted" text={item.description} />
          {item.url !== null ? <ExternalLink url={item.url} /> : null}
          <RemoteImage url={item.picurl} />
        </div>
      ))}
    </CardFrame>
  );
}

function DocmsgCard({ body, ctx }: CardProps<'docmsg'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="docmsg" title={<bdi>📄 {body.title ?? t('reading.type.docmsg')}</bdi>}>
      {body.creator !== null ? (
        <Field label={t('reading.card.creator')}>{ctx.nameOf(body.creator)}</Field>
      ) : null}
      {body.url !== null ? <ExternalLink url={body.url} /> : null}
    </CardFrame>
  );
}

function SphfeedCard({ body }: CardProps<'sphfeed'>) {
  const { t } = useTranslation();
  const feedType =
    body.feedType === 2 || body.feedType === 4 || body.feedType === 9
      ? t(`reading.card.feedType${body.feedType}`)
      : t('reading.card.feedTypeOther', { type: body.feedType ?? '?' });
  return (
    <CardFrame kind="sphfeed" title={`${t('reading.type.sphfeed')} · ${feedType}`}>
      <Line className="strong" text={body.name} />
      {body.description !== null ? <RichText text={body.description} /> : null}
    </CardFrame>
  );
}

function QydiskfileCard({ body }: CardProps<'qydiskfile'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="qydiskfile" title={t('reading.type.qydiskfile')}>
      <Line text={body.filename ?? '—'} />
      <div className="muted small">{t('reading.card.notDownloadable')}</div>
    </CardFrame>
  );
}

export const linkCards: CardTable<'link' | 'weapp' | 'news' | 'docmsg' | 'sphfeed' | 'qydiskfile'> = {
  link: LinkCard,
  weapp: WeappCard,
  news: NewsCard,
  docmsg: DocmsgCard,
  sphfeed: SphfeedCard,
  qydiskfile: QydiskfileCard,
};
