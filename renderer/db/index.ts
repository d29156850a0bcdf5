export { ArchiveDb, ARCHIVE_DB_NAME } from './archiveDb';
export type { ArchiveDbOptions } from './archiveDb';
export type { CursorRow, MessageKey, MessageRow } from './rows';
export { commitBatch, readCursor } from './ingest';
export type { CommitResult, IngestBatch } from './ingest';
export { redecrypt, RedecryptError, sampleEnvelope } from './redecrypt';
export type { RedecryptProgress } from './redecrypt';
export {
  archivedCorpIds,
  corpConversations,
  corpOverview,
  messageCorpIds,
  messagesPage,
  statusCounts,
} from './archiveQueries';
export type { CorpOverview, MessagePage, StatusCounts } from './archiveQueries';
export { conversationId, conversationKind, conversationLabel } from './convId';
export { maxSeq, toSeqKey } from '../../main/common/seq/seq';
export type { DerivedIndex } from './derived';
export { ParsedRows } from './derived';
export { ArchiveDataKey } from './archiveDataKey';
export { DataKeyHolder, DataKeyUnavailableError, SealedBlobError, isSealedBlob, open, seal } from './sealed';
export { openRows, readUnopened } from './sealedTables';
export type { SealedBlob } from './sealed';
export {
  buildPendingChatDays,
  recountEveryChat,
  DAY_MS,
  positionOfDay,
  readChatDays,
  readFrom,
  readUntil,
} from './chatDays';
export type { ChatDayRow, ChatDays } from './chatDays';
export { countProblems, problemOf, problemsOf } from './messageProblems';
export type { MessageProblemRow } from './messageProblems';
export {
  appendItems,
  corpItems,
  corpPages,
  fileKeyOf,
  mediaItemPages,
  mediaItemTables,
  mediaStates,
  mediaTallies,
  readTally,
  stateCounts,
  statesIn,
  storedFileKeys,
} from './mediaStore';
export type {
  MediaItemPage,
  MediaItemRecord,
  MediaRow,
  MediaRowState,
  MediaStateRow,
  MediaTally,
} from './mediaStore';
