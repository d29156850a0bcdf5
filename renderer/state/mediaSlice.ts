import type { StateCreator } from 'zustand';
import type { MediaQueueStatusDto } from '../../main/contract';
import type { AppState } from './appState';

/**
 * The media download queue per corp, as main last reported it (`media-queue` events and the answers
 * to queue verbs, written by features/media/mediaController.ts). Media rows stay in Dexie.
 */
export interface MediaSlice {
  mediaQueues: Record<string, MediaQueueStatusDto>;
  setMediaQueue: (status: MediaQueueStatusDto) => void;
}

export const createMediaSlice: StateCreator<AppState, [], [], MediaSlice> = (set) => ({
  mediaQueues: {},
  setMediaQueue: (status) =>
    set((state) => ({ mediaQueues: { ...state.mediaQueues, [status.corpId]: status } })),
});
