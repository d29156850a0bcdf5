/** What other features use of the Archive screen: the corp heading and picker, and its stored-archive summaries. */
export { ArchiveHeading } from './ArchiveHeading';
export { CorpArchiveStats } from './CorpArchiveStats';
export { CorpPicker, useCorpChoice } from './CorpPicker';
export { LatestMessages } from './LatestMessages';
export { ArchiveHereNotice, useArchiveHere } from './ArchiveHereNotice';
export { archiveHere } from './archiveHere';
export type { ArchiveHere } from './archiveHere';
