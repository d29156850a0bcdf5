import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CorpPicker, type CorpOption } from './CorpPicker';

/**
 * The heading of a screen over one corp's archive (reading, people, media): its title, the corp
 * picker (nothing with one corp; the same label on every screen) and the screen's own controls.
 */
export function ArchiveHeading({
  title,
  options,
  corpId,
  children,
}: {
  title: string;
  options: readonly CorpOption[];
  corpId: string | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="screen__heading">
      <h1 className="screen__title">{title}</h1>
      <CorpPicker options={options} corpId={corpId} label={t('archive.corp')} />
      {children}
    </div>
  );
}
