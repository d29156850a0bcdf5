/** What other features use: the self-contained card, the item parser, and start-up wiring. */
export { MediaCard } from './MediaCard';
export type { MediaCardProps } from './MediaCard';
export { mediaItemsOf } from './mediaItems';
export type { MediaItem } from './mediaItems';
export { MediaPanel } from './MediaPanel';
export { mediaDerivedIndex } from './mediaRows';
export { MediaController } from './mediaController';
export { ReadingMediaSlot } from './ReadingMediaSlot';
