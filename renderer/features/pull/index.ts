/** What other features use of the pull feature: the re-decrypt progress shown after a key import. */
export { RedecryptStatus } from './RedecryptStatus';
export { isPullActive } from './pullStates';
