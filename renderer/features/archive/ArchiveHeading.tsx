import type { ReactNode } from 'react';
import { CorpPicker, type CorpOption } from './CorpPicker';

/**
 * The heading of a screen over one corp's archive (reading, people, media): its title, the corp
 * picker (nothing with one corp) and the screen's own controls after them.
 */
export function ArchiveHeading({
  title,
  options,
  corpId,
  pickerLabel,
  children,
}: {
  title: string;
  options: readonly CorpOption[];
  corpId: string | null;
  pickerLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="screen__heading">
      <h1 className="screen__title">{title}</h1>
      <CorpPicker options={options} corpId={corpId} label={pickerLabel} />
      {children}
    </div>
  );
}
