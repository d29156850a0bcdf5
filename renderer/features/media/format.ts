/**
 * Byte counts and durations as people read them: the app's one formatter of each, so a size or a
 * voice's length reads the same on a card, in the player and on the Media screen.
 */
export { formatBytes } from '../../lib/formatBytes';
export { formatDuration } from '../../../main/common/text/duration';
