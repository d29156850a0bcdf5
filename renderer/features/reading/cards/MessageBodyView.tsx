import type { ComponentType, ReactNode } from 'react';
import type { BodyKind, MessageBody } from '../../../../main/common/message';
import type { BodyContext, CardProps, CardTable } from './cardParts';
import { contactCards } from './kinds/contactCards';
import { linkCards } from './kinds/linkCards';
import { mediaCards } from './kinds/mediaCards';
import { officeCards } from './kinds/officeCards';
import { recordCards } from './kinds/recordCards';
import { redpacketCards } from './kinds/redpacketCard';
import { systemCards } from './kinds/systemCards';
import { textCards } from './kinds/textCards';
import { unsupportedCards } from './kinds/unsupportedCard';

export type { BodyContext } from './cardParts';
export { formatBytes, formatDuration } from './cardParts';

/**
 * body kind → card (docs/wecom-sdk.md §4). Typed over every kind of the message model, so a kind
 * without a card is a type error; one card per file family in ./kinds.
 */
export const CARDS: CardTable<BodyKind> = {
  ...textCards,
  ...mediaCards,
  ...linkCards,
  ...contactCards,
  ...systemCards,
  ...officeCards,
  ...redpacketCards,
  ...recordCards,
  ...unsupportedCards,
};

/** The card of one body (nested bodies of mixed and chatrecord come back here). */
export function MessageBodyView({ body, ctx }: { body: MessageBody; ctx: BodyContext }): ReactNode {
  const Card = CARDS[body.kind] as ComponentType<CardProps<BodyKind>>;
  return <Card body={body} ctx={ctx} Body={MessageBodyView} />;
}
