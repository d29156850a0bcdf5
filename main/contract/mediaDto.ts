/**
 * Media shapes crossing between main and the renderer (issue 5, docs/wecom-sdk.md §4.3 and §5). The renderer
 * keeps the media items in IndexedDB, and the state main reports for each (docs/ARCHITECTURE.md §9.4); main
 * downloads, verifies and serves the bytes.
 */

import type { MediaKind } from '../common/media/mediaKinds';

/** The media kinds live in the common core (one list for main, the SDK host and the renderer). */
export { MEDIA_KINDS } from '../common/media/mediaKinds';
export type { MediaKind } from '../common/media/mediaKinds';

/** What the renderer asks main to fetch; everything comes from the decrypted message JSON. */
export interface MediaRequestDto {
  sdkfileid: string;
  msgid: string;
  kind: MediaKind;
  /** '' when the archive sent an empty md5sum (docs/wecom-sdk.md §4.3): the download is then "unverified". */
  md5sum: string;
  /** filesize / voice_size / imagesize; null when the message states none (meeting_voice_call). */
  size: number | null;
}

/**
 * `verified`: md5 and size match. `unverified`: no md5 to check (size matched or unknown).
 * `md5-mismatch` / `size-mismatch`: still different after the bounded whole-file re-downloads; the
 * bytes are kept (they are evidence) but flagged.
 */
export type MediaVerification = 'verified' | 'unverified' | 'md5-mismatch' | 'size-mismatch';

/** `absent`: main knows nothing of it yet. */
export type MediaStateKind = 'absent' | 'queued' | 'downloading' | 'done' | 'failed';

export interface MediaFailureDto {
  /** SDK return code when there was one (10005, 301048, 10001…). */
  sdkCode: number | null;
  /** permanent: the file will never download (bad or expired sdkfileid); retrying is pointless. */
  permanent: boolean;
  /** English detail; the renderer explains by sdkCode. */
  message: string;
}

export interface MediaStateDto {
  sdkfileid: string;
  state: MediaStateKind;
  /** Bytes on disk so far (a resumed download starts above 0). */
  bytes: number;
  size: number | null;
  /** Chunk attempts that failed plus whole-file re-downloads, for the card and the failure view. */
  attempts: number;
  verification?: MediaVerification;
  failure?: MediaFailureDto;
  /** Content address of the stored file (hex SHA-256), once done. */
  sha256?: string;
  /** Sniffed from the bytes, never from the archive's file name. */
  mime?: string;
}

export interface MediaQueueStatusDto {
  corpId: string;
  paused: boolean;
  /** Downloads running now / waiting. */
  active: number;
  queued: number;
  /** Since the queue of this corp was created (this run of the app). */
  done: number;
  failed: number;
  bytesDone: number;
  /** Bytes per second over the last few seconds. */
  rateBytesPerSec: number;
  /** Set when the queue stopped by itself (the disk is full); cleared by resume or download-all. */
  stopped?: MediaQueueStopDto;
}

/**
 * Why the queue stopped: no room for the media files (ENOSPC: the disk is full; EDQUOT: the user's
 * disk quota is used up). Nothing failed; every download goes on from its last chunk on resume.
 */
export interface MediaQueueStopDto {
  cause: 'disk-full';
  code: 'ENOSPC' | 'EDQUOT';
  /** Bytes the queued downloads still need, at least (items of unknown size count as 0). */
  neededBytes: number;
  /** Free bytes on the media folder's file system when it stopped; null when unknown. */
  freeBytes: number | null;
  /** Where the media are kept (the folder to make room on). */
  folder: string;
  at: number;
}

/** A URL the renderer may put in <img>/<audio>/<video>/<a download>: an opaque, unguessable id. */
export interface MediaSourceDto {
  url: string;
  mime: string;
  size: number;
  /** For voice: the decoded duration (what the player will show). */
  durationMs?: number;
}

/**
 * A check of every stored file of a corp against the SHA-256 recorded when it was downloaded (the
 * store is evidence: it has to stay what was downloaded). Damaged or missing files are marked failed
 * so they download again; their items are listed (at most 100).
 */
export interface MediaVerifyReportDto {
  corpId: string;
  /** Distinct stored files read (identical bytes shared by several items count once). */
  files: number;
  /** Items whose files were read. */
  items: number;
  bytes: number;
  damaged: number;
  missing: number;
  /** sdkfileids of the items that must download again, at most 100. */
  affected: string[];
  durationMs: number;
}
