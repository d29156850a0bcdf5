import type {
  ArchiveApi,
  MediaQueueStatusDto,
  MediaSourceDto,
  MediaVerifyReportDto,
  OpenWithDto,
  Result,
} from '../../../main/contract';
import type { ArchiveDb } from '../../db';
import type { AppStore } from '../../state';
import type { MediaItem } from './mediaItems';
import { applyMediaStates, backfillMediaRows, requestOf, rowsToDownload } from './mediaRows';

const BATCH = 500;

export interface MediaControllerDeps {
  archive: ArchiveApi;
  db: ArchiveDb;
  /** The app store: the queue status per corp goes to its media slice (state/mediaSlice.ts). */
  store: AppStore;
  log: (message: string, detail?: unknown) => void;
}

/**
 * The renderer's side of media: forwards main's `media-state` events into the media rows, keeps the
 * queue status per corp in the app store's media slice, and offers the verbs the cards use. One per
 * page, built by the composition root (app/compose.ts) and reached through `useAppServices().media`.
 */
export class MediaController {
  private readonly sources = new Map<string, Promise<MediaSourceDto>>();
  /** Corps whose media rows were backfilled by this page. */
  private readonly backfilled = new Set<string>();
  private readonly archive: ArchiveApi;
  private readonly db: ArchiveDb;
  private readonly log: (message: string, detail?: unknown) => void;
  private readonly setQueue: (status: MediaQueueStatusDto) => void;

  constructor({ archive, db, store, log }: MediaControllerDeps) {
    this.archive = archive;
    this.db = db;
    this.log = log;
    this.setQueue = (status) => store.getState().setMediaQueue(status);
    archive.subscribe((event) => {
      if (event.type === 'media-state') {
        void applyMediaStates(db, event.corpId, event.states).catch((error: unknown) =>
          this.log('storing media states failed', error),
        );
      } else if (event.type === 'media-queue') {
        this.setQueue(event.status);
      }
    });
  }

  /**
   * Messages stored before the media index existed (or by an older version) get their rows, once
   * per corp and page. Answers how many rows were added (0 when already done).
   */
  async backfillOnce(corpId: string): Promise<number> {
    if (this.backfilled.has(corpId)) return 0;
    this.backfilled.add(corpId);
    return backfillMediaRows(this.db, corpId);
  }

  /** On demand: the card is visible or was clicked. */
  async request(corpId: string, msgid: string, item: MediaItem): Promise<void> {
    const answer = await this.archive.mediaEnqueue({
      corpId,
      items: [requestOf(msgid, item)],
      mode: 'demand',
    });
    if (answer.ok) await applyMediaStates(this.db, corpId, answer.value);
    else this.log('media request failed', answer.error);
  }

  /** Download-all: every row not done yet, in batches, behind on-demand items. */
  async downloadAll(corpId: string): Promise<number> {
    const rows = await rowsToDownload(this.db, corpId);
    for (let i = 0; i < rows.length; i += BATCH) {
      const items = rows.slice(i, i + BATCH).map((row) => ({
        sdkfileid: row.sdkfileid,
        msgid: row.msgid,
        kind: row.kind,
        md5sum: row.md5sum,
        size: row.size,
      }));
      const answer = await this.archive.mediaEnqueue({ corpId, items, mode: 'background' });
      if (!answer.ok) throw new Error(answer.error.message);
      await applyMediaStates(this.db, corpId, answer.value);
    }
    await this.refreshQueue(corpId);
    return rows.length;
  }

  async control(corpId: string, action: 'pause' | 'resume' | 'cancel-background'): Promise<void> {
    const answer = await this.archive.mediaQueueControl({ corpId, action });
    if (answer.ok) this.setQueue(answer.value);
  }

  /** Reads every stored file against its SHA-256 (main marks damaged ones failed, by event). */
  async verifyStored(corpId: string): Promise<MediaVerifyReportDto> {
    const answer = await this.archive.verifyStoredMedia({ corpId });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  }

  async refreshQueue(corpId: string): Promise<void> {
    const answer = await this.archive.getMediaQueueStatus({ corpId });
    if (answer.ok) this.setQueue(answer.value);
  }

  /** Asks main for the state of rows that look unfinished (main may have finished them meanwhile). */
  async reconcile(corpId: string, sdkfileids: readonly string[]): Promise<void> {
    if (sdkfileids.length === 0) return;
    const answer = await this.archive.getMediaStates({ corpId, sdkfileids: [...sdkfileids] });
    if (answer.ok) await applyMediaStates(this.db, corpId, answer.value);
  }

  /** An opaque URL for the bytes (view), the decoded voice (play) or an attachment (download). */
  source(
    corpId: string,
    sdkfileid: string,
    purpose: 'view' | 'play' | 'download',
    fileName?: string,
  ): Promise<MediaSourceDto> {
    const key = `${corpId}\n${sdkfileid}\n${purpose}\n${fileName ?? ''}`;
    let pending = this.sources.get(key);
    if (!pending) {
      pending = this.archive
        .getMediaSource({ corpId, sdkfileid, purpose, ...(fileName === undefined ? {} : { fileName }) })
        .then((answer) => {
          if (!answer.ok) throw new Error(answer.error.message);
          return answer.value;
        });
      // Failures are not cached: the next attempt asks again.
      pending.catch(() => this.sources.delete(key));
      this.sources.set(key, pending);
    }
    return pending;
  }

  /**
   * Drops the cached URL for these arguments: main no longer knows it (its opaque ids are kept in
   * memory, the oldest given up after many), so the next `source` asks for a new one.
   */
  forgetSource(
    corpId: string,
    sdkfileid: string,
    purpose: 'view' | 'play' | 'download',
    fileName?: string,
  ): void {
    this.sources.delete(`${corpId}\n${sdkfileid}\n${purpose}\n${fileName ?? ''}`);
  }

  /**
   * Asks main to open a copy with the system application. Main confirms (Electron: its own dialogs)
   * or answers `confirm-required` with the name and type to show and a nonce for `confirmOpen`.
   */
  openExternally(corpId: string, sdkfileid: string, fileName: string): Promise<Result<OpenWithDto>> {
    return this.archive.openMediaExternally({ corpId, sdkfileid, fileName });
  }

  /** The user confirmed what main showed for this nonce; `allowDangerous` is the second confirmation. */
  confirmOpen(nonce: string, allowDangerous: boolean): Promise<Result<OpenWithDto>> {
    return this.archive.confirmOpenMedia({ nonce, allowDangerous });
  }
}
