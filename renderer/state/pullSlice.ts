import type { StateCreator } from 'zustand';
import type { PullStatusDto } from '../../main/contract';
import type { RedecryptProgress } from '../db';
import type { AppState } from './appState';

export interface RedecryptState extends RedecryptProgress {
  publickeyVer: number | null;
  running: boolean;
  /** Set when decryptEnvelopes answered an error; the rows not reached stay as they were. */
  error: string | null;
}

/** A batch that could not be stored: it was not acknowledged and the pull was stopped. */
export interface CommitFailure {
  at: number;
  batchId: number;
  message: string;
  /** Set when the batch did not fit: the browser's storage quota or the disk is full (features/pull/storageGuard.ts). */
  storage?: { neededBytes: number; usage: number; quota: number };
}

/** Pull status per corp (from main's events) and the renderer's own work on the archive. */
export interface PullSlice {
  pullStatuses: Record<string, PullStatusDto>;
  redecrypts: Record<string, RedecryptState>;
  commitFailures: Record<string, CommitFailure | null>;
  setPullStatus: (status: PullStatusDto) => void;
  setPullStatuses: (statuses: PullStatusDto[]) => void;
  setRedecrypt: (corpId: string, state: RedecryptState) => void;
  setCommitFailure: (corpId: string, failure: CommitFailure | null) => void;
}

export const createPullSlice: StateCreator<AppState, [], [], PullSlice> = (set) => ({
  pullStatuses: {},
  redecrypts: {},
  commitFailures: {},
  setPullStatus: (status) =>
    set((state) => ({ pullStatuses: { ...state.pullStatuses, [status.corpId]: status } })),
  setPullStatuses: (statuses) =>
    set({ pullStatuses: Object.fromEntries(statuses.map((status) => [status.corpId, status])) }),
  setRedecrypt: (corpId, redecrypt) =>
    set((state) => ({ redecrypts: { ...state.redecrypts, [corpId]: redecrypt } })),
  setCommitFailure: (corpId, failure) =>
    set((state) => ({ commitFailures: { ...state.commitFailures, [corpId]: failure } })),
});
