/**
 * What other features use of the reader: the conversation summaries, chat titles and the cached
 * directory of names (search's person and chat filters name things the way the chat list does).
 */
export { conversationTitle } from './conversations/ConversationList';
export type { ConversationRow } from './conversations/conversationIndex';
export { buildDirectory, useDirectory } from './directory/useDirectory';
export type { Directory } from './directory/useDirectory';
export { directoryRows } from './directory/directoryCache';
