import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaKind } from '../../../main/contract';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { useAppServices } from '../appServices';
import { DownloadAllPanel } from './DownloadAllPanel';
import { MediaCard } from './MediaCard';
import { MEDIA_KINDS } from '../../../main/common/media/mediaKinds';
import { itemOfRow, mediaPage } from './mediaRows';

const PAGE_SIZE = 24;
/** Every media item of a corp, a page at a time, each as its card; download-all on top. */
export function MediaPanel({ corpId }: { corpId: string }) {
  const { t } = useTranslation();
  const { db, media } = useAppServices();
  const filterId = useId();
  const [kind, setKind] = useState<MediaKind | 'all'>('all');
  const [offset, setOffset] = useState(0);
  const page = useLiveQuery(() => mediaPage(db, corpId, kind, offset, PAGE_SIZE), [db, corpId, kind, offset]);

  // Messages stored before media rows existed get theirs once per page.
  useEffect(() => {
    void media.backfillOnce(corpId);
  }, [media, corpId]);

  // Rows that look unfinished may have finished in main while nobody listened (a reload).
  const unfinished = (page?.rows ?? [])
    .filter((row) => row.state === 'queued' || row.state === 'downloading')
    .map((row) => row.sdkfileid)
    .join('\n');
  useEffect(() => {
    if (unfinished) void media.reconcile(corpId, unfinished.split('\n'));
  }, [media, corpId, unfinished]);

  const total = page?.total ?? 0;
  return (
    <Section id="media-panel" title={t('media.panel.title')}>
      <DownloadAllPanel corpId={corpId} />
      <div className="inline-field">
        <label htmlFor={filterId}>{t('media.panel.filter')}</label>
        <select
          id={filterId}
          className="input"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as MediaKind | 'all');
            setOffset(0);
          }}
        >
          <option value="all">{t('media.panel.all')}</option>
          {MEDIA_KINDS.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`media.kind.${candidate}`)}
            </option>
          ))}
        </select>
      </div>
      {page && total === 0 ? <p className="muted">{t('media.panel.empty')}</p> : null}
      <ul className="media-grid">
        {(page?.rows ?? []).map((row) => (
          <li key={row.sdkfileid} className="media-grid__item">
            <MediaCard corpId={corpId} msgid={row.msgid} item={itemOfRow(row)} />
          </li>
        ))}
      </ul>
      {total > PAGE_SIZE ? (
        <div className="button-row">
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('media.panel.previous')}
          </Button>
          <span className="muted">
            {t('media.panel.page', { from: offset + 1, to: Math.min(total, offset + PAGE_SIZE), total })}
          </span>
          <Button disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('media.panel.next')}
          </Button>
        </div>
      ) : null}
    </Section>
  );
}
