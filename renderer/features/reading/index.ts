/**
 * What other features use of the reader: the conversation summaries, chat titles and the cached
 * directory of names (search's person and chat filters name things the way the chat list does).
 */
export { conversationTitle } from './conversations/ConversationList';
export type { ConversationRow } from './conversations/conversationIndex';
export { buildDirectory, conversationNames, useDirectory } from './directory/useDirectory';
export type { Directory } from './directory/useDirectory';
export { directoryRows } from './directory/directoryCache';
export type { DirectoryKind, DirectoryRow } from './directory/directoryCache';
/** The raw JSON of a message, pretty or compact, controls shown (the Archive screen's message view uses it too). */
export { RawJsonView } from './detail/RawJsonView';
/** A message's body as the timeline draws it (the Cases screen's timeline). */
export { MessageBodyView } from './cards/MessageBodyView';
/** The timeline's message card, its windowing and the link confirmation it needs (the person view's own timeline). */
export { TimelineItem } from './timeline/TimelineItem';
export { useVirtualList } from './timeline/useVirtualList';
export { LinkConfirmProvider } from './cards/ExternalLink';
/** The imported staff directory and every name an id was known by (the People screen). */
export {
  DirectoryFileError,
  importStaffDirectory,
  namesOf,
  parseDirectoryFile,
} from './directory/staffDirectory';
export type { ParsedDirectory, PersonNameRow } from './directory/staffDirectory';
export { isExternalId, isRobotId } from './conversations/conversationIndex';
/** A chat's messages by key, page by page (the evidence export reads chats and context with these). */
export { keyOf, rowsAfter, rowsBefore } from './timeline/timelineQueries';
export type { RowKey } from './timeline/timelineQueries';
