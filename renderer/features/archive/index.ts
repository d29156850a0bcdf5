/** What other features use of the Archive screen: the corp picker and its stored-archive summaries. */
export { CorpArchiveStats } from './CorpArchiveStats';
export { CorpPicker, useCorpChoice } from './CorpPicker';
export { LatestMessages } from './LatestMessages';
