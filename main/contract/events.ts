import type { IngestMessageDto, PullStatusDto } from './dto';
import type { EvidenceProgressDto } from './evidenceDto';
import type { MediaQueueStatusDto, MediaStateDto } from './mediaDto';

/** Main → renderer events, all on one channel (`EVENT_CHANNEL`), discriminated by `type`. */
export type ArchiveEvent =
  | {
      /** A batch to store. The renderer commits messages + cursor in one transaction, then acks. */
      type: 'pull-batch';
      corpId: string;
      batchId: number;
      /** Highest seq covered by this batch (even when every message in it failed to decrypt). */
      cursor: string;
      messages: IngestMessageDto[];
    }
  | { type: 'pull-status'; status: PullStatusDto }
  /** A scheduled pull is due; the renderer answers with startPull and its committed cursor. */
  | { type: 'pull-due'; corpId: string }
  | { type: 'corps-changed' }
  | { type: 'host-crashed'; corpId: string; at: number; signal: string | null; exitCode: number | null }
  /** Media items changed state (batched, throttled); the renderer stores them in its media rows. */
  | { type: 'media-state'; corpId: string; states: MediaStateDto[] }
  | { type: 'media-queue'; status: MediaQueueStatusDto }
  /** An evidence export's finishing steps (issue 13). */
  | { type: 'evidence-progress'; progress: EvidenceProgressDto };

export type ArchiveEventType = ArchiveEvent['type'];
