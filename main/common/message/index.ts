/** The one message model (docs/ARCHITECTURE.md): read once, projected everywhere. */
export { RECORD_ITEM_MSGTYPE, readMessage } from './readMessage';
export {
  FIELD_SEPARATOR,
  mediaRefsOf,
  previewOf,
  quotableTextOf,
  searchFieldsOf,
  searchTextOf,
} from './projections';
export { BODY_KINDS, KNOWN_MSGTYPES } from './registry';
export { MAX_NESTING_DEPTH } from './module';
export { toMillis } from './fields';
export { parseQuote } from './quote';
export type { ParsedQuote, QuoteForm } from './quote';
export type {
  BodyKind,
  BodyOf,
  ChatRecordEntry,
  HeaderFallback,
  MediaRef,
  Message,
  MessageBody,
  MessageHeader,
  NewsItem,
  SolitaireEntry,
  UnsupportedReason,
} from './model';
