import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaItem } from './mediaItems';
import type { MediaStateRow } from './mediaRows';
import { MediaStatus } from './MediaStatus';
import { SaveButton } from './SaveButton';

export interface MediaCardActionsProps {
  corpId: string;
  msgid: string;
  item: MediaItem;
  row: MediaStateRow | undefined;
  /** The name "Save as…" proposes; null while the item's origin is read. */
  saveName: string | null;
  /** More buttons after "Save as…" (e.g. "Open with system app"). */
  children?: ReactNode;
}

/** The foot of a file or video card: its download state, then "Save as…" once the bytes are stored. */
export function MediaCardActions({ corpId, msgid, item, row, saveName, children }: MediaCardActionsProps) {
  const { t } = useTranslation();
  return (
    <>
      <MediaStatus corpId={corpId} msgid={msgid} item={item} row={row} />
      {row?.state === 'done' ? (
        <div className="button-row">
          <SaveButton corpId={corpId} sdkfileid={item.sdkfileid} purpose="download" fileName={saveName}>
            {t('media.action.saveAs')}
          </SaveButton>
          {children}
        </div>
      ) : null}
    </>
  );
}
