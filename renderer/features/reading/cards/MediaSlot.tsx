import { createContext, useContext } from 'react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaRef } from '../../../../main/common/message';

/**
 * The download-state slot of every media card. The reader shows what the message says (kind, size,
 * duration, md5); the media feature (renderer/features/media) supplies the component that shows the
 * download state and the viewer/player with `<MediaSlotContext.Provider value={Component}>` (the app
 * root, app/App.tsx, provides it). Without one, the slot says "not downloaded".
 */
export interface MediaSlotProps {
  corpId: string;
  /** The message carrying the media (for chatrecord/mixed items: the outer message). */
  msgid: string;
  media: MediaRef;
}

export const MediaSlotContext = createContext<ComponentType<MediaSlotProps> | null>(null);

export function MediaSlot(props: MediaSlotProps) {
  const { t } = useTranslation();
  const Slot = useContext(MediaSlotContext);
  // eslint-disable-next-line react-hooks/static-components -- the slot component is supplied once by the media feature
  if (Slot) return <Slot {...props} />;
  return (
    <span className="media-slot media-slot--idle" data-testid="media-slot">
      {t('reading.card.notDownloaded')}
    </span>
  );
}
