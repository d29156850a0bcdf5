/** Marks on messages and chats (issue 11): flags, tags, notes, review states; what other features use. */
export { Marks, normalizeTag, defaultTagColour, TAG_MAX, NOTE_MAX } from './marks';
export type { NoteSealer, NoteRevision } from './marks';
export { markTables, messageKey, REVIEW_STATES, SEVERITIES, TAG_COLOURS } from './markTables';
export type {
  FlagRow,
  MessageRef,
  NoteRow,
  ReviewState,
  ReviewStateRow,
  Severity,
  TagDef,
  TagRow,
} from './markTables';
export { MarkBadges } from './MarkBadges';
export { NoteDialog } from './NoteDialog';
export { ReviewStateBadge, ReviewStateControl, reviewStateOptions } from './ReviewStateControl';
export { ShortcutSheet } from './ShortcutSheet';
export { TagDialog } from './TagDialog';
export {
  NO_MARKS,
  useConversationMarks,
  useCorpMarkSummary,
  useMessagesMarks,
  useReviewState,
  useTagColours,
} from './useMarks';
export type { ConversationMarkSummary, MessageMarks } from './useMarks';
export { archiveNoteSealer } from './noteSealer';
