import { useTranslation } from 'react-i18next';
import { CardFrame, type CardProps, type CardTable } from '../cardParts';
import { RichText } from '../RichText';
import { SafeMarkdown } from '../SafeMarkdown';

function TextCard({ body }: CardProps<'text'>) {
  const { t } = useTranslation();
  return (
    <>
      <RichText text={body.content} />
      {body.fromKey !== 'text' && body.fromKey !== 'content' ? (
        <div className="muted small">{t('reading.card.payloadFallback', { key: body.fromKey })}</div>
      ) : null}
    </>
  );
}

function MarkdownCard({ body }: CardProps<'markdown'>) {
  const { t } = useTranslation();
  return (
    <CardFrame kind="markdown" title={t('reading.type.markdown')}>
      <SafeMarkdown content={body.content} />
    </CardFrame>
  );
}

export const textCards: CardTable<'text' | 'markdown'> = { text: TextCard, markdown: MarkdownCard };
